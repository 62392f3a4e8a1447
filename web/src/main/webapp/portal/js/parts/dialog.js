// A modal dialog built on <dialog>: a title, a form and its buttons.
import {h} from '../dom.js';

/** Opens the dialog; onSubmit(form) may throw to keep it open and show the message. */
export function openDialog({title, fields, submitLabel = 'OK', onSubmit}) {
  const error = h('div.form-error', {hidden: true});
  const submit = h('button.btn.btn-primary', {type: 'submit'}, submitLabel);
  const form = h('form.dialog-form', {method: 'dialog'},
      h('h2', title), fields, error,
      h('div.dialog-buttons',
          h('button.btn.btn-outline', {type: 'button', onclick: () => close()}, 'Cancel'), submit));
  const dialog = h('dialog.dialog', form);
  const close = () => { dialog.close(); dialog.remove(); };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      await onSubmit(form);
      close();
    } catch (err) {
      error.textContent = err.message || String(err);
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  const first = form.querySelector('input');
  if (first) first.focus();
  return dialog;
}
