// Small shared pieces: status pills, efficiency badges, summary cards, tables.
//
// Components. A page is put together from components: a function that builds one DOM subtree, owns it, and returns
//   {
//     node,            the subtree's root, which the page places (a component owning sibling sections gives `nodes`)
//     mounted(),       optional: runs once the node is in the document (ECharts measures its container then)
//     update(data),    renders data into the subtree, refreshing in place what it can; called again for new data
//     destroy()        optional: releases what it holds outside the subtree (timers, charts, requests in flight)
//   }
// A component reaches out only through what it is given (the API client, callbacks); pages hold the data flow.
// Pages follow the same shape (app.js adds `title`, and passes the route's parameters to `update`).

import { el, replaceChildren } from './dom.js';
import { DASH, efficiencyBand, fmtNumber, isKnown } from './format.js';

const STATUSES = ['running', 'paused', 'completed', 'failed', 'cancelled'];

/** The class suffix of a status ("unknown" for a status this UI does not know). */
export function statusClass(status) {
  return STATUSES.includes(status) ? status : 'unknown';
}

export function statusPill(status, attrs = {}) {
  const pill = el('span', { ...attrs, class: ['status-pill', attrs.class] });
  updateStatusPill(pill, status);
  return pill;
}

export function updateStatusPill(pill, status) {
  for (const name of STATUSES.concat('unknown')) {
    pill.classList.remove('status-' + name);
  }
  pill.classList.add('status-' + statusClass(status));
  pill.textContent = status || DASH;
  pill.dataset.status = status || '';
}

/** The efficiency badge (docs/analytics.md): "95.1% efficient", green above 90, yellow above 70, else red. */
export function efficiencyBadge(score, attrs = {}, compact = false) {
  const badge = el('span', attrs);
  updateEfficiencyBadge(badge, score, compact);
  return badge;
}

/** Colours and labels a badge; `compact` leaves out the word "efficient" (for a card labelled Efficiency). */
export function updateEfficiencyBadge(badge, score, compact = false) {
  const band = efficiencyBand(score);
  badge.className = 'efficiency-badge badge-' + band;
  badge.dataset.band = band;
  badge.textContent = isKnown(score) ? Number(score).toFixed(1) + (compact ? '%' : '% efficient') : DASH;
  badge.title = isKnown(score)
    ? 'Overall efficiency score ' + fmtNumber(score, 1) + ' of 100 (above 90 green, above 70 yellow, else red)'
    : 'No efficiency score: no GPU telemetry and no throughput';
}

/**
 * A summary card: a label, a main value and an optional detail line. Returns {node, update(value, detail)} so pages
 * can refresh it in place.
 */
export function card(id, label) {
  const value = el('div', { class: 'card-value', text: DASH });
  const detail = el('div', { class: 'card-detail' });
  const node = el('div', { class: 'card', id, role: 'group', 'aria-label': label },
    el('div', { class: 'card-label', text: label }), value, detail);
  return {
    node,
    /** Sets the value (text or a node), the detail line and an optional unit shown small after the value. */
    update(text, detailText, unit) {
      if (text instanceof Node) {
        value.replaceChildren(text);
      } else if (unit && text !== DASH) {
        value.replaceChildren(document.createTextNode(String(text)), el('span', { class: 'card-unit', text: ' ' + unit }));
      } else if (value.textContent !== String(text) || value.firstElementChild) {
        value.textContent = String(text);
      }
      const detailValue = detailText || '';
      if (detail.textContent !== detailValue) {
        detail.textContent = detailValue;
      }
    }
  };
}

/** A section with a heading; returns the section (children appended after the heading). */
export function section(title, attrs = {}, ...children) {
  return el('section', { ...attrs, class: ['panel', attrs.class] }, el('h2', { text: title }), ...children);
}

/** A table head row from [label | {label, class, title}]. */
export function tableHead(columns) {
  return el('thead', {}, el('tr', {}, columns.map((column) => {
    const spec = typeof column === 'string' ? { label: column } : column;
    return el('th', { scope: 'col', class: spec.class, title: spec.title, text: spec.label });
  })));
}

/** A message box for errors; `show(message)` / `clear()`. */
export function messageBox(id) {
  const node = el('div', { id, class: 'message message-error', role: 'alert', hidden: true });
  return {
    node,
    show(message) {
      node.textContent = message;
      node.hidden = false;
    },
    clear() {
      node.textContent = '';
      node.hidden = true;
    }
  };
}

/** The run directories the service could not read (its unreadable_runs) under a heading; hidden when there are none. */
export function unreadableRuns(heading) {
  const node = el('div', { id: 'unreadable-runs', class: 'message message-warning', hidden: true });
  return {
    node,
    update(problems) {
      node.hidden = problems.length === 0;
      replaceChildren(node, problems.length ? [el('strong', { text: heading }),
        el('ul', {}, problems.map((problem) => el('li', { text: String(problem) })))] : []);
    }
  };
}
