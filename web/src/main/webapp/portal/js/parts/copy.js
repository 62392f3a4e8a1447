// A button that copies a text (digest, pull command). The Clipboard API exists only in secure
// contexts (HTTPS or loopback); elsewhere a hidden text area and execCommand do the same.
import {h, icon} from '../dom.js';

export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch { /* permission refused: fall back below */ }
  }
  const area = h('textarea', {readonly: true, style: {position: 'fixed', top: '-1000px', opacity: '0'}});
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch { ok = false; }
  area.remove();
  return ok;
}

export function copyButton(text, label = 'Copy') {
  const button = h('button.icon-button.copy', {type: 'button', title: label, 'aria-label': label, 'data-copy': text},
      icon('copy'));
  button.addEventListener('click', async (e) => {
    e.preventDefault();
    e.stopPropagation();
    const ok = await copyText(text);
    button.replaceChildren(icon(ok ? 'check' : 'copy'));
    button.classList.toggle('copied', ok);
    button.title = ok ? 'Copied' : 'Select and copy by hand: ' + text;
    setTimeout(() => {
      button.replaceChildren(icon('copy'));
      button.classList.remove('copied');
      button.title = label;
    }, 1500);
  });
  return button;
}

/** A command in monospace with its copy button, e.g. a pull command. */
export function commandLine(text, label = 'Copy command') {
  return h('div.command', h('code', text), copyButton(text, label));
}
