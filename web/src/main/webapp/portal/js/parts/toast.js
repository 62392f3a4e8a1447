// Short messages in the corner: what happened after a click, or why it failed.
import {h} from '../dom.js';

export function toast(message, kind = 'info') {
  const box = document.getElementById('toasts');
  const el = h('div.toast.toast-' + kind, {role: kind === 'error' ? 'alert' : 'status'}, message);
  box.append(el);
  setTimeout(() => el.classList.add('toast-leaving'), kind === 'error' ? 7000 : 3500);
  setTimeout(() => el.remove(), kind === 'error' ? 7600 : 4100);
}

/** Shows an API failure; a 401 is left to the app, which shows the sign-in page. */
export function failed(what, error) {
  if (error && error.status === 401) return;
  toast(what + ': ' + (error && error.message ? error.message : error), 'error');
}
