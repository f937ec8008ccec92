// #/compare?ids=a,b — pick runs; side-by-side table with the winner of each category marked; loss curves overlaid
// by step.

import { el } from './dom.js';
import { messageBox } from './widgets.js';
import { comparePicker } from './compare-picker.js';
import { compareResults } from './compare-results.js';

export function parseIds(params) {
  const raw = params.get('ids') || '';
  return [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
}

export function comparePage(ctx, params) {
  let destroyed = false;
  let ids = parseIds(params);
  let runs = [];
  let names = new Map();
  let requestSerial = 0;

  const errors = messageBox('compare-error');
  const picker = comparePicker((next) =>
    ctx.navigate('/compare' + (next.length ? '?ids=' + next.map(encodeURIComponent).join(',') : ''), true));
  const tableHint = el('p', { class: 'empty', id: 'compare-hint', text: 'Pick at least two runs to compare.' });
  const results = compareResults();

  const view = el('div', { class: 'page page-compare' },
    el('div', { class: 'page-header' }, el('h1', { text: 'Compare runs' })),
    errors.node,
    picker.node,
    tableHint,
    results.node);

  function displayName(jobId) {
    return names.get(jobId) || jobId;
  }

  async function loadRuns() {
    try {
      const data = await ctx.api.runs();
      if (destroyed) {
        return;
      }
      runs = (data && data.jobs) || [];
      names = new Map(runs.map((job) => [job.job_id, job.name || job.job_id]));
      picker.update({ runs, ids });
    } catch (e) {
      errors.show('Could not load the runs: ' + e.message);
    }
  }

  async function loadComparison() {
    const serial = ++requestSerial;
    if (ids.length < 2) {
      tableHint.hidden = false;
      results.show(false);
      return;
    }
    tableHint.hidden = true;
    try {
      const comparison = (await ctx.api.compare(ids)) || {};
      if (destroyed || serial !== requestSerial) {
        return;
      }
      errors.clear();
      results.show(true);
      for (const job of comparison.jobs || []) {
        if (job.name) {
          names.set(job.job_id, job.name);
        }
      }
      results.update(comparison, displayName);
    } catch (e) {
      if (!destroyed && serial === requestSerial) {
        results.show(false);
        errors.show('Could not compare ' + ids.join(', ') + ': ' + e.message);
      }
    }
  }

  return {
    title: 'Compare runs',
    node: view,
    mounted() {
      loadRuns().then(loadComparison);
    },
    update(nextParams) {
      ids = parseIds(nextParams);
      picker.update({ runs, ids });
      loadComparison();
    },
    destroy() {
      destroyed = true;
      results.destroy();
    }
  };
}
