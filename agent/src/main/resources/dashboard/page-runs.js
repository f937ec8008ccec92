// #/ — the runs list: live status, refreshed every 3 s; pick runs to compare.

import { el, setText } from './dom.js';
import { messageBox, unreadableRuns } from './widgets.js';
import { runsTable } from './runs-table.js';

const REFRESH_MS = 3000;

export function runsPage(ctx) {
  let selected = new Set();
  const errors = messageBox('runs-error');
  const compareButton = el('button', { type: 'button', id: 'compare-selected', class: 'button primary', disabled: true,
    text: 'Compare selected' });
  const selectionInfo = el('span', { class: 'muted', id: 'selection-info', 'aria-live': 'polite' });
  const updated = el('span', { class: 'muted small', id: 'runs-updated' });
  const unreadable = unreadableRuns('Run directories that could not be read: ');
  const table = runsTable(updateSelection);

  const view = el('div', { class: 'page page-runs' },
    el('div', { class: 'page-header' },
      el('h1', { text: 'Training runs' }),
      el('div', { class: 'toolbar' }, selectionInfo, compareButton)),
    errors.node,
    unreadable.node,
    table.node,
    el('p', { class: 'footnote' }, updated));

  compareButton.addEventListener('click', () => {
    const ids = [...selected];
    if (ids.length >= 2) {
      window.location.hash = '#/compare?ids=' + ids.map(encodeURIComponent).join(',');
    }
  });

  function updateSelection(ids) {
    selected = ids;
    compareButton.disabled = selected.size < 2;
    setText(selectionInfo, selected.size === 0 ? 'Select two or more runs to compare'
      : selected.size + ' selected');
  }

  let timer = null;
  let destroyed = false;
  async function refresh() {
    try {
      const data = await ctx.api.runs();
      if (destroyed) {
        return;
      }
      errors.clear();
      table.update((data && data.jobs) || []);
      setText(updated, 'Updated ' + new Date().toLocaleTimeString() + ' \u00b7 refreshes every 3 s');
      unreadable.update((data && data.unreadable_runs) || []);
    } catch (e) {
      if (!destroyed) {
        errors.show('Could not load the runs: ' + e.message);
      }
    } finally {
      if (!destroyed) {
        timer = window.setTimeout(refresh, REFRESH_MS);
      }
    }
  }

  updateSelection(selected);
  refresh();
  return {
    title: 'Training runs',
    node: view,
    destroy() {
      destroyed = true;
      window.clearTimeout(timer);
    }
  };
}
