// DOM helpers. Everything is built with createElement/textContent: no HTML strings, no inline styles, no on*
// attributes, so the dashboard runs under a strict Content-Security-Policy and user data (job names) is never
// parsed as markup.

/**
 * Creates an element. attrs: class, id, text, dataset (object), hidden (bool), disabled (bool), checked (bool),
 * value, and plain attributes (href, type, for, title, aria-*, role, …). Children: nodes, strings (as text),
 * arrays (flattened); null/undefined/false are skipped.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'dataset') {
      for (const [name, data] of Object.entries(value)) {
        if (data !== null && data !== undefined) {
          node.dataset[name] = String(data);
        }
      }
    } else if (key === 'hidden' || key === 'disabled' || key === 'checked') {
      node[key] = Boolean(value);
    } else if (key === 'value') {
      node.value = String(value);
    } else if (key.startsWith('on') || key === 'style') {
      throw new Error('el(): ' + key + ' is not allowed (CSP); use addEventListener and classes');
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Removes all children of a node, then appends the given ones. */
export function replaceChildren(node, ...children) {
  while (node.firstChild) {
    node.removeChild(node.firstChild);
  }
  append(node, children);
  return node;
}

/** Sets the text of a node only when it changed (keeps selections and screen readers quiet). */
export function setText(node, text) {
  const value = String(text);
  if (node.textContent !== value) {
    node.textContent = value;
  }
}

/** A link to a hash route of the dashboard. */
export function routeLink(route, text, attrs = {}) {
  return el('a', { ...attrs, href: '#' + route, text });
}
