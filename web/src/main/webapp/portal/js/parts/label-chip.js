// A label as Harbor's portal shows it: a chip in the label's color, with an optional remove button.
import {h} from '../dom.js';

/** Black or white text, whichever reads better on the label's color. */
function textOn(color) {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color || '');
  if (!m) return null;
  let hex = m[1];
  if (hex.length === 3) hex = hex.split('').map((c) => c + c).join('');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return (r * 299 + g * 587 + b * 114) / 1000 > 140 ? '#1b2a32' : '#fff';
}

export function labelChip(label, onRemove) {
  const style = label.color ? {background: label.color, color: textOn(label.color)} : null;
  return h('span.label-chip', {style, title: label.description || label.name, 'data-label': label.name},
      label.name,
      onRemove ? h('button.label-remove', {type: 'button', 'aria-label': 'Remove label ' + label.name, onclick: onRemove}, '×') : null);
}
