// The run page's header: the run's name, status pill and live indicator, its start, end, exit and command, and the
// run controls (placed inside the header panel).

import { el, replaceChildren, setText } from './dom.js';
import { DASH, fmtTime, isKnown } from './format.js';
import { statusPill, updateStatusPill } from './widgets.js';

/**
 * @param {object} ctx the dashboard context (setTitle)
 * @param {string} id the run id
 * @param {Node} controls the run controls' node, shown under the run's details
 */
export function runHeader(ctx, id, controls) {
  const title = el('h1', { class: 'run-title', text: id });
  const subtitle = el('div', { class: 'muted small run-id' });
  const status = statusPill(null, { id: 'run-status', role: 'status' });
  const meta = el('dl', { class: 'run-meta', id: 'run-meta' });
  const liveIndicator = el('span', { class: 'live-indicator', id: 'live-indicator' });

  const node = el('div', { class: 'run-header panel' },
    el('div', { class: 'run-heading' },
      el('div', {}, title, subtitle),
      el('div', { class: 'run-state' }, status, liveIndicator)),
    meta,
    controls);

  return {
    node,
    /** Renders the run's progress.json. */
    update(progress) {
      const name = progress.name || progress.job_id || id;
      setText(title, name);
      setText(subtitle, name !== id ? id : '');
      ctx.setTitle(name);
      updateStatusPill(status, progress.status);
      replaceChildren(meta, metaItems(progress));
    },
    /** Shows how the page follows the run: connecting, live, polling or ended. */
    live(state, text) {
      liveIndicator.className = 'live-indicator live-' + state;
      setText(liveIndicator, text);
    }
  };
}

function metaItem(label, value) {
  return [el('dt', { text: label }), el('dd', { text: value })];
}

function metaItems(p) {
  const command = Array.isArray(p.command) ? p.command.join(' ') : null;
  const items = [
    metaItem('Started', fmtTime(p.started_at)),
    metaItem('Ended', fmtTime(p.ended_at)),
    metaItem('Exit code', isKnown(p.exit_code) ? String(p.exit_code) + (p.exit_signal ? ' (' + p.exit_signal + ')' : '')
      : (p.exit_signal || DASH)),
    command ? metaItem('Command', command) : null
  ];
  if (p.error) {
    items.push(metaItem('Error', p.error));
  }
  return items;
}
