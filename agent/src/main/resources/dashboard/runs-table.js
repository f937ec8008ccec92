// The runs list's table: a row per run, newest first, refreshed in place; a checkbox per row picks runs to compare.

import { el, replaceChildren, routeLink, setText } from './dom.js';
import { fmtDuration, fmtInt, fmtLoss, fmtRate, fmtTime } from './format.js';
import { efficiencyBadge, statusPill, tableHead, updateEfficiencyBadge, updateStatusPill } from './widgets.js';

/** @param {function(Set<string>)} onSelection called with the ticked run ids whenever they may have changed */
export function runsTable(onSelection) {
  const selected = new Set();
  const rows = new Map();
  const body = el('tbody');
  const empty = el('p', { class: 'empty', id: 'runs-empty', hidden: true,
    text: 'No training runs yet. Start one with the agent\'s run command, or POST /api/training.' });
  const table = el('table', { id: 'runs-table', class: 'data-table' },
    tableHead([{ label: '', class: 'col-select' }, 'Run', 'Status', 'Started', 'Duration',
      { label: 'Step', class: 'num' }, { label: 'Loss', class: 'num' }, { label: 'Samples/s', class: 'num' },
      'Efficiency', { label: 'Alerts', class: 'num' }]),
    body);
  const node = el('div', { class: 'panel table-panel' }, el('div', { class: 'table-scroll' }, table), empty);

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
      onSelection(selected);
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

  return {
    node,
    /** Renders the runs list's jobs: rows kept (with their ticks) for runs still there, added or dropped for others. */
    update(jobs) {
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
      onSelection(selected);
    }
  };
}
