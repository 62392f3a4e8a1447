// Building DOM nodes from data without innerHTML: every string becomes a text node, so names,
// tags and vulnerability descriptions that come from pushed images can never inject markup.

/**
 * h('a.link', {href: '#/x', onclick: fn}, 'text', child, [more]) -> element.
 * The tag may carry classes after dots. Attributes starting with "on" become listeners;
 * false/null/undefined attributes and children are skipped.
 */
export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = [el.className, value].filter(Boolean).join(' ');
    } else if (key === 'style' && typeof value === 'object') {
      Object.assign(el.style, value);
    } else if (key in el && typeof value !== 'string') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside el with the given children. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** An inline SVG icon from a small fixed set (no icon font, nothing fetched). */
export function icon(name, title) {
  const paths = ICONS[name] || '';
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'icon icon-' + name);
  svg.setAttribute('aria-hidden', title ? 'false' : 'true');
  if (title) {
    const t = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    t.textContent = title;
    svg.append(t);
  }
  for (const d of paths.split('|')) {
    const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    p.setAttribute('d', d);
    svg.append(p);
  }
  return svg;
}

const ICONS = {
  copy: 'M9 9h10v12H9z|M5 15V3h10',
  check: 'M4 12l5 5L20 6',
  project: 'M3 7h7l2 2h9v10H3z',
  shield: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z',
  repo: 'M4 5h16v4H4z|M4 11h16v4H4z|M4 17h16v3H4z',
  chevron: 'M9 6l6 6-6 6',
  logout: 'M15 4h4v16h-4|M10 8l-4 4 4 4|M6 12h10',
  external: 'M14 4h6v6|M20 4l-9 9|M18 14v6H4V6h6',
  refresh: 'M20 11a8 8 0 1 0-2.3 5.7|M20 5v6h-6',
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z|M4 21c1-4 4-6 8-6s7 2 8 6',
  terminal: 'M4 5h16v14H4z|M7 9l3 3-3 3|M12 15h5',
  alert: 'M12 3l10 18H2z|M12 10v5|M12 18v.5',
  label: 'M3 12V4h8l10 10-8 8z|M7.5 8.5v.5',
};
