// #/ — the runs list: live status, refreshed every 3 s; pick runs to compare.

import { el, replaceChildren, routeLink, setText } from './dom.js';
import { fmtDuration, fmtInt, fmtLoss, fmtRate, fmtTime } from './format.js';
import { efficiencyBadge, messageBox, statusPill, tableHead, updateEfficiencyBadge, updateStatusPill } from './widgets.js';

const REFRESH_MS = 3000;

export function runsPage(ctx) {
  const selected = new Set();
  const rows = new Map();
  const errors = messageBox('runs-error');
  const compareButton = el('button', { type: 'button', id: 'compare-selected', class: 'button primary', disabled: true,
    text: 'Compare selected' });
  const selectionInfo = el('span', { class: 'muted', id: 'selection-info', 'aria-live': 'polite' });
  const updated = el('span', { class: 'muted small', id: 'runs-updated' });
  const unreadable = el('div', { id: 'unreadable-runs', class: 'message message-warning', hidden: true });
  const body = el('tbody');
  const empty = el('p', { class: 'empty', id: 'runs-empty', hidden: true,
    text: 'No training runs yet. Start one with the agent\'s run command, or POST /api/training.' });
  const table = el('table', { id: 'runs-table', class: 'data-table' },
    tableHead([{ label: '', class: 'col-select' }, 'Run', 'Status', 'Started', 'Duration',
      { label: 'Step', class: 'num' }, { label: 'Loss', class: 'num' }, { label: 'Samples/s', class: 'num' },
      'Efficiency', { label: 'Alerts', class: 'num' }]),
    body);

  const view = el('div', { class: 'page page-runs' },
    el('div', { class: 'page-header' },
      el('h1', { text: 'Training runs' }),
      el('div', { class: 'toolbar' }, selectionInfo, compareButton)),
    errors.node,
    unreadable,
    el('div', { class: 'panel table-panel' }, el('div', { class: 'table-scroll' }, table), empty),
    el('p', { class: 'footnote' }, updated));

  compareButton.addEventListener('click', () => {
    const ids = [...selected];
    if (ids.length >= 2) {
      window.location.hash = '#/compare?ids=' + ids.map(encodeURIComponent).join(',');
    }
  });

  function updateSelection() {
    compareButton.disabled = selected.size < 2;
    setText(selectionInfo, selected.size === 0 ? 'Select two or more runs to compare'
      : selected.size + ' selected');
  }

  function createRow(job) {
    const id = job.job_id;
    const checkbox = el('input', { type: 'checkbox', class: 'select-run', value: id,
      'aria-label': 'Select ' + (job.name || id) + ' for comparison' });
    checkbox.addEventListener('change', () => {
      if (checkbox.checked) {
        selected.add(id);
      } else {
        selected.delete(id);
      }
      updateSelection();
    });
    const cells = {
      select: el('td', { class: 'col-select' }, checkbox),
      name: el('td', { class: 'col-name' }),
      status: el('td', {}, statusPill(job.status, { class: 'run-status' })),
      started: el('td', { class: 'nowrap' }),
      duration: el('td', { class: 'nowrap' }),
      step: el('td', { class: 'num' }),
      loss: el('td', { class: 'num' }),
      rate: el('td', { class: 'num' }),
      efficiency: el('td', {}, efficiencyBadge(job.overall_score)),
      alerts: el('td', { class: 'num' })
    };
    const row = el('tr', { dataset: { jobId: id } }, Object.values(cells));
    return { row, cells, checkbox };
  }

  function updateRow(entry, job) {
    const { cells } = entry;
    const latest = job.latest || {};
    replaceChildren(cells.name, routeLink('/run/' + encodeURIComponent(job.job_id), job.name || job.job_id,
      { class: 'run-link' }), job.name && job.name !== job.job_id ? el('div', { class: 'muted small', text: job.job_id }) : null);
    updateStatusPill(cells.status.firstChild, job.status);
    setText(cells.started, fmtTime(job.started_at));
    setText(cells.duration, fmtDuration(job.duration_seconds));
    setText(cells.step, fmtInt(latest.step));
    setText(cells.loss, fmtLoss(job.final_loss !== null && job.final_loss !== undefined ? job.final_loss : latest.loss));
    setText(cells.rate, fmtRate(latest.samples_per_second));
    updateEfficiencyBadge(cells.efficiency.firstChild, job.overall_score);
    const alerts = job.alert_count || 0;
    replaceChildren(cells.alerts, alerts > 0
      ? el('span', { class: 'alert-count', title: alerts + ' alert(s)', text: String(alerts) })
      : el('span', { class: 'muted', text: '0' }));
  }

  function render(jobs) {
    const sorted = jobs.slice().sort((a, b) => String(b.started_at || '').localeCompare(String(a.started_at || ''))
      || String(a.job_id).localeCompare(String(b.job_id)));
    const seen = new Set();
    for (const job of sorted) {
      seen.add(job.job_id);
      let entry = rows.get(job.job_id);
      if (!entry) {
        entry = createRow(job);
        rows.set(job.job_id, entry);
      }
      updateRow(entry, job);
      body.appendChild(entry.row);
    }
    for (const [id, entry] of rows) {
      if (!seen.has(id)) {
        entry.row.remove();
        rows.delete(id);
        selected.delete(id);
      }
    }
    empty.hidden = sorted.length > 0;
    table.hidden = sorted.length === 0;
    updateSelection();
    setText(updated, 'Updated ' + new Date().toLocaleTimeString() + ' \u00b7 refreshes every 3 s');
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
      render((data && data.jobs) || []);
      const problems = (data && data.unreadable_runs) || [];
      unreadable.hidden = problems.length === 0;
      replaceChildren(unreadable, problems.length ? [el('strong', { text: 'Run directories that could not be read: ' }),
        el('ul', {}, problems.map((problem) => el('li', { text: String(problem) })))] : []);
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

  updateSelection();
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
