// #/compare?ids=a,b — pick runs; side-by-side table with the winner of each category marked; loss curves overlaid
// by step.

import { el, replaceChildren, routeLink, setText } from './dom.js';
import { fmtDuration, fmtEnergy, fmtLoss, fmtPercent, fmtRate } from './format.js';
import { LineChart } from './charts.js';
import { efficiencyBadge, messageBox, section, statusPill } from './widgets.js';

// Table columns; `winner` names the comparison's winner category the column decides (docs/analytics.md).
const COLUMNS = [
  { key: 'throughput', label: 'Throughput (samples/s)', format: fmtRate, winner: 'best_throughput' },
  { key: 'duration_seconds', label: 'Duration', format: fmtDuration, winner: 'fastest' },
  { key: 'gpu_utilization', label: 'GPU utilisation', format: (v) => fmtPercent(v) },
  { key: 'final_loss', label: 'Final loss', format: fmtLoss, winner: 'best_loss' },
  { key: 'best_loss', label: 'Best loss', format: fmtLoss },
  { key: 'energy_wh', label: 'Energy', format: fmtEnergy },
  { key: 'overall_score', label: 'Efficiency', format: null, winner: 'most_efficient' }
];
const WINNERS = [
  ['best_throughput', 'Best throughput', 'highest mean samples/s'],
  ['best_loss', 'Best loss', 'lowest final loss'],
  ['fastest', 'Fastest', 'shortest completed run'],
  ['most_efficient', 'Most efficient', 'highest efficiency score']
];

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
  const picker = el('div', { id: 'compare-picker', class: 'picker' });
  const pickerHint = el('p', { class: 'muted small', id: 'picker-hint' });
  const winnersGrid = el('div', { class: 'card-grid winners', id: 'compare-winners' });
  const tableHolder = el('div', { class: 'table-scroll' });
  const tableHint = el('p', { class: 'empty', id: 'compare-hint', text: 'Pick at least two runs to compare.' });
  const chartContainer = el('div', { class: 'chart chart-wide', id: 'chart-compare-loss', role: 'img',
    'aria-label': 'Loss curves of the compared runs by step' });
  const resultSection = el('div', { id: 'compare-results', hidden: true },
    winnersGrid,
    section('Side by side', { id: 'compare-side-by-side' }, tableHolder,
      el('p', { class: 'muted small' }, el('span', { class: 'winner-mark', text: '\u2605' }),
        ' marks the winner of each category: best throughput (highest mean samples/s), best loss (lowest final loss), '
        + 'fastest (shortest completed run), most efficient (highest efficiency score).')),
    section('Loss by step', { id: 'compare-loss' }, chartContainer));

  const view = el('div', { class: 'page page-compare' },
    el('div', { class: 'page-header' }, el('h1', { text: 'Compare runs' })),
    errors.node,
    section('Runs', { id: 'compare-pick' },
      el('fieldset', { class: 'picker-fieldset' }, el('legend', { class: 'visually-hidden', text: 'Runs to compare' }),
        picker),
      pickerHint),
    tableHint,
    resultSection);

  let chart = null;

  function displayName(jobId) {
    return names.get(jobId) || jobId;
  }

  function renderPicker() {
    const sorted = runs.slice().sort((a, b) => String(b.started_at || '').localeCompare(String(a.started_at || '')));
    replaceChildren(picker, sorted.map((job) => {
      const inputId = 'pick-' + job.job_id.replace(/[^A-Za-z0-9_-]/g, '_');
      const checkbox = el('input', { type: 'checkbox', id: inputId, class: 'pick-run', value: job.job_id,
        checked: ids.includes(job.job_id) });
      checkbox.addEventListener('change', () => {
        const next = ids.filter((jobId) => jobId !== job.job_id);
        if (checkbox.checked) {
          next.push(job.job_id);
        }
        ctx.navigate('/compare' + (next.length ? '?ids=' + next.map(encodeURIComponent).join(',') : ''), true);
      });
      return el('label', { for: inputId, class: ['pick', checkbox.checked ? 'picked' : null], dataset: { jobId: job.job_id } },
        checkbox, el('span', { class: 'pick-name', text: job.name || job.job_id }), statusPill(job.status));
    }));
    setText(pickerHint, runs.length === 0 ? 'No runs yet.' : ids.length + ' of ' + runs.length + ' runs selected');
  }

  function winnerMark(category) {
    const label = WINNERS.find(([key]) => key === category);
    return el('span', { class: 'winner-mark', title: label ? label[1] : category, 'aria-label': 'winner', text: '\u2605' });
  }

  function renderComparison(comparison) {
    const jobs = comparison.jobs || [];
    const winner = comparison.winner || {};
    for (const job of jobs) {
      if (job.name) {
        names.set(job.job_id, job.name);
      }
    }
    replaceChildren(winnersGrid, WINNERS.map(([key, label, rule]) => {
      const jobId = winner[key];
      return el('div', { class: 'card winner-card', id: 'winner-' + key, dataset: { jobId: jobId || '' } },
        el('div', { class: 'card-label', text: label }),
        el('div', { class: 'card-value' }, jobId
          ? [el('span', { class: 'winner-mark', text: '\u2605 ' }), routeLink('/run/' + encodeURIComponent(jobId), displayName(jobId))]
          : '\u2014'),
        el('div', { class: 'card-detail', text: rule }));
    }));

    const head = el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: 'Run' }),
      el('th', { scope: 'col', text: 'Status' }),
      COLUMNS.map((column) => el('th', { scope: 'col', class: column.key === 'overall_score' ? null : 'num',
        dataset: { column: column.key, winnerCategory: column.winner || null }, text: column.label }))));
    const body = el('tbody', {}, jobs.map((job) => el('tr', { dataset: { jobId: job.job_id } },
      el('th', { scope: 'row', class: 'col-name' },
        routeLink('/run/' + encodeURIComponent(job.job_id), job.name || job.job_id),
        job.name && job.name !== job.job_id ? el('div', { class: 'muted small', text: job.job_id }) : null),
      el('td', {}, statusPill(job.status)),
      COLUMNS.map((column) => {
        const value = job[column.key];
        const won = column.winner && winner[column.winner] === job.job_id;
        const content = column.format ? column.format(value) : efficiencyBadge(value);
        return el('td', {
          class: [column.key === 'overall_score' ? null : 'num', won ? 'winner' : null],
          dataset: { column: column.key, winner: won ? column.winner : null }
        }, won ? winnerMark(column.winner) : null, won ? ' ' : null, content);
      }))));
    replaceChildren(tableHolder, el('table', { id: 'compare-table', class: 'data-table compare-table' }, head, body));

    const curves = (comparison.curves && comparison.curves.series) || [];
    if (chart) {
      chart.setSeries(curves.map((series) => ({ name: displayName(series.name), points: series.points })));
    }
  }

  async function loadRuns() {
    try {
      const data = await ctx.api.runs();
      if (destroyed) {
        return;
      }
      runs = (data && data.jobs) || [];
      names = new Map(runs.map((job) => [job.job_id, job.name || job.job_id]));
      renderPicker();
    } catch (e) {
      errors.show('Could not load the runs: ' + e.message);
    }
  }

  async function loadComparison() {
    const serial = ++requestSerial;
    if (ids.length < 2) {
      tableHint.hidden = false;
      resultSection.hidden = true;
      return;
    }
    tableHint.hidden = true;
    try {
      const comparison = await ctx.api.compare(ids);
      if (destroyed || serial !== requestSerial) {
        return;
      }
      errors.clear();
      resultSection.hidden = false;
      if (!chart) {
        // Created once visible: ECharts measures its container when it starts.
        chart = new LineChart(chartContainer, { xName: 'step', yName: 'loss', emptyText: 'No loss recorded' });
      }
      renderComparison(comparison || {});
    } catch (e) {
      if (!destroyed && serial === requestSerial) {
        resultSection.hidden = true;
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
      renderPicker();
      loadComparison();
    },
    destroy() {
      destroyed = true;
      if (chart) {
        chart.dispose();
      }
    }
  };
}
