// The compare page's results: the winner of each category (docs/analytics.md), the runs side by side with the winning
// cells marked, and their loss curves overlaid by step.

import { el, replaceChildren, routeLink } from './dom.js';
import { fmtDuration, fmtEnergy, fmtLoss, fmtPercent, fmtRate } from './format.js';
import { LineChart } from './charts.js';
import { efficiencyBadge, section, statusPill } from './widgets.js';

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

function winnerMark(category) {
  const label = WINNERS.find(([key]) => key === category);
  return el('span', { class: 'winner-mark', title: label ? label[1] : category, 'aria-label': 'winner', text: '\u2605' });
}

/** The winner cards. */
function winnerCards(node, winner, displayName) {
  replaceChildren(node, WINNERS.map(([key, label, rule]) => {
    const jobId = winner[key];
    return el('div', { class: 'card winner-card', id: 'winner-' + key, dataset: { jobId: jobId || '' } },
      el('div', { class: 'card-label', text: label }),
      el('div', { class: 'card-value' }, jobId
        ? [el('span', { class: 'winner-mark', text: '\u2605 ' }), routeLink('/run/' + encodeURIComponent(jobId), displayName(jobId))]
        : '\u2014'),
      el('div', { class: 'card-detail', text: rule }));
  }));
}

/** The side-by-side table. */
function comparisonTable(jobs, winner) {
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
  return el('table', { id: 'compare-table', class: 'data-table compare-table' }, head, body);
}

/** Hidden until shown; `update` renders a comparison (the service's compare answer). */
export function compareResults() {
  const winners = el('div', { class: 'card-grid winners', id: 'compare-winners' });
  const tableHolder = el('div', { class: 'table-scroll' });
  const chartContainer = el('div', { class: 'chart chart-wide', id: 'chart-compare-loss', role: 'img',
    'aria-label': 'Loss curves of the compared runs by step' });
  const node = el('div', { id: 'compare-results', hidden: true },
    winners,
    section('Side by side', { id: 'compare-side-by-side' }, tableHolder,
      el('p', { class: 'muted small' }, el('span', { class: 'winner-mark', text: '\u2605' }),
        ' marks the winner of each category: best throughput (highest mean samples/s), best loss (lowest final loss), '
        + 'fastest (shortest completed run), most efficient (highest efficiency score).')),
    section('Loss by step', { id: 'compare-loss' }, chartContainer));
  let chart = null;

  return {
    node,
    /** Shows or hides the results; the chart is created the first time they show (ECharts measures its container). */
    show(visible) {
      node.hidden = !visible;
      if (visible && !chart) {
        chart = new LineChart(chartContainer, { xName: 'step', yName: 'loss', emptyText: 'No loss recorded' });
      }
    },
    /**
     * @param {object} comparison the compare answer: jobs, winner, curves
     * @param {function(string): string} displayName a run's name by its id
     */
    update(comparison, displayName) {
      const jobs = comparison.jobs || [];
      const winner = comparison.winner || {};
      winnerCards(winners, winner, displayName);
      replaceChildren(tableHolder, comparisonTable(jobs, winner));
      const curves = (comparison.curves && comparison.curves.series) || [];
      if (chart) {
        chart.setSeries(curves.map((series) => ({ name: displayName(series.name), points: series.points })));
      }
    },
    destroy() {
      if (chart) {
        chart.dispose();
      }
    }
  };
}
