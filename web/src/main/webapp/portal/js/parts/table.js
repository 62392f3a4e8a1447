// A data grid in Harbor's style: a toolbar, a header row, rows, and a footer with the count and pages.
import {h} from '../dom.js';

/**
 * columns: [{title, cell: (row) => node|string, className}]
 * options: {rowKey, empty, rowAttrs: (row) => attrs}
 */
export function grid(columns, rows, {empty = 'Nothing here yet.', rowAttrs} = {}) {
  return h('div.grid-wrap',
      h('table.grid',
          h('thead', h('tr', columns.map((c) => h('th', {class: c.className}, c.title)))),
          h('tbody', rows.length
              ? rows.map((row) => h('tr', rowAttrs ? rowAttrs(row) : null,
                  columns.map((c) => h('td', {class: c.className}, c.cell(row)))))
              : h('tr.grid-empty', h('td', {colSpan: columns.length}, empty)))));
}

/** "1 - 15 of 40 items" with previous/next; onPage(n) reloads. */
export function pager({page, pageSize, total, onPage, noun = 'items'}) {
  const first = total ? (page - 1) * pageSize + 1 : 0;
  const last = Math.min(total, page * pageSize);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return h('div.grid-footer',
      h('span', total ? `${first} - ${last} of ${total} ${noun}` : `0 ${noun}`),
      pages > 1 ? h('span.pages',
          h('button.icon-button', {type: 'button', disabled: page <= 1, onclick: () => onPage(page - 1), 'aria-label': 'Previous page'}, '‹'),
          h('span', `${page} / ${pages}`),
          h('button.icon-button', {type: 'button', disabled: page >= pages, onclick: () => onPage(page + 1), 'aria-label': 'Next page'}, '›'))
        : null);
}

/** An on/off switch; onChange(newValue) returns a promise, and the switch waits for it. */
export function toggle({checked, disabled, label, onChange, name}) {
  const input = h('input', {type: 'checkbox', role: 'switch', checked: !!checked, disabled: !!disabled,
    'aria-label': label, name});
  input.addEventListener('change', async () => {
    const wanted = input.checked;
    input.disabled = true;
    try {
      await onChange(wanted);
    } catch {
      input.checked = !wanted;
    } finally {
      input.disabled = !!disabled;
    }
  });
  return h('label.switch', {title: disabled ? 'Only the project\'s admins can change this' : label},
      input, h('span.slider'));
}
