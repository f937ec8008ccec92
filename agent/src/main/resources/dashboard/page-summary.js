// #/summary — all runs at a glance: totals, jobs by status, top performers, resource trend.

import { el, replaceChildren, routeLink } from './dom.js';
import { fmtDuration, fmtEnergy, fmtInt, fmtLoss, fmtMb, fmtPercent, fmtRate } from './format.js';
import { CategoryChart } from './charts.js';
import { card, efficiencyBadge, messageBox, section, statusPill, tableHead, unreadableRuns } from './widgets.js';

const REFRESH_MS = 10000;
const STATUS_ORDER = ['running', 'paused', 'completed', 'failed', 'cancelled'];

export function summaryPage(ctx) {
  let destroyed = false;
  const errors = messageBox('summary-error');
  const unreadable = unreadableRuns('Unreadable run directories: ');
  const cards = summaryCards();
  const statuses = statusBars();
  const top = topRuns();
  const trend = trendChart();

  const view = el('div', { class: 'page page-summary' },
    el('div', { class: 'page-header' }, el('h1', { text: 'Summary' })),
    errors.node,
    unreadable.node,
    cards.node,
    el('div', { class: 'split-columns' }, statuses.node, top.node),
    trend.node);

  function render(summary) {
    cards.update(summary);
    statuses.update(summary.jobs_by_status || {});
    top.update(summary.top_performing_jobs || []);
    unreadable.update(summary.unreadable_runs || []);
    trend.update((summary.resource_trends || {}).recent_runs || []);
  }

  let timer = null;
  async function refresh() {
    try {
      const summary = await ctx.api.summary();
      if (!destroyed) {
        errors.clear();
        render(summary || {});
      }
    } catch (e) {
      if (!destroyed) {
        errors.show('Could not load the summary: ' + e.message);
      }
    } finally {
      if (!destroyed) {
        timer = window.setTimeout(refresh, REFRESH_MS);
      }
    }
  }

  return {
    title: 'Summary',
    node: view,
    mounted() {
      trend.mounted();
      refresh();
    },
    destroy() {
      destroyed = true;
      window.clearTimeout(timer);
      trend.destroy();
    }
  };
}

/** Totals and means of all runs (the summary's figures, docs/analytics.md). */
function summaryCards() {
  const cards = {
    total: card('card-total-jobs', 'Runs'),
    training: card('card-total-training', 'Total training time'),
    duration: card('card-average-duration', 'Average duration'),
    throughput: card('card-average-throughput', 'Average throughput'),
    util: card('card-average-gpu-util', 'GPU utilisation'),
    memory: card('card-peak-memory', 'Peak GPU memory'),
    energy: card('card-total-energy', 'Total energy')
  };
  return {
    node: el('div', { class: 'card-grid', id: 'summary-cards' }, Object.values(cards).map((c) => c.node)),
    update(summary) {
      cards.total.update(fmtInt(summary.total_jobs));
      cards.training.update(fmtDuration(summary.total_training_seconds));
      cards.duration.update(fmtDuration(summary.average_duration_seconds), 'finished runs');
      cards.throughput.update(fmtRate(summary.average_throughput_samples_per_sec), 'mean of the runs', 'samples/s');
      const trends = summary.resource_trends || {};
      cards.util.update(fmtPercent(trends.average_gpu_utilization_percent), 'mean of the runs');
      cards.memory.update(fmtMb(trends.peak_gpu_memory_mb));
      cards.energy.update(fmtEnergy(trends.total_energy_wh));
    }
  };
}

/** How many runs have each status, with a bar of their share; the known statuses always, in lifecycle order. */
function statusBars() {
  const list = el('ul', { id: 'jobs-by-status', class: 'status-bars' });
  return {
    node: section('Runs by status', { id: 'status-panel' }, list),
    update(byStatus) {
      const total = Math.max(1, Object.values(byStatus).reduce((sum, n) => sum + (Number(n) || 0), 0));
      const statuses = STATUS_ORDER.concat(Object.keys(byStatus).filter((s) => !STATUS_ORDER.includes(s)));
      replaceChildren(list, statuses.map((status) => {
        const count = Number(byStatus[status]) || 0;
        const bar = el('span', { class: ['status-bar', 'status-bar-' + status] });
        bar.setAttribute('data-share', String(Math.round((count / total) * 20) * 5));
        return el('li', { dataset: { status } }, statusPill(status), el('span', { class: 'status-count', text: String(count) }),
          el('span', { class: 'status-track', 'aria-hidden': 'true' }, bar));
      }));
    }
  };
}

/** The runs with the highest efficiency scores, best first. */
function topRuns() {
  const body = el('tbody');
  const empty = el('p', { class: 'empty', text: 'No run has an efficiency score yet.', hidden: true });
  const table = el('table', { id: 'top-jobs-table', class: 'data-table' },
    tableHead([{ label: '#', class: 'num' }, 'Run', 'Status', 'Efficiency', { label: 'Samples/s', class: 'num' },
      { label: 'Final loss', class: 'num' }, 'Duration']),
    body);
  return {
    node: section('Top performing runs', { id: 'top-jobs' }, el('div', { class: 'table-scroll' }, table), empty),
    update(top) {
      empty.hidden = top.length > 0;
      table.hidden = top.length === 0;
      replaceChildren(body, top.map((job, index) => el('tr', { dataset: { jobId: job.job_id } },
        el('td', { class: 'num', text: String(index + 1) }),
        el('td', {}, routeLink('/run/' + encodeURIComponent(job.job_id), job.name || job.job_id)),
        el('td', {}, statusPill(job.status)),
        el('td', {}, efficiencyBadge(job.overall_score)),
        el('td', { class: 'num', text: fmtRate(job.average_samples_per_second) }),
        el('td', { class: 'num', text: fmtLoss(job.final_loss) }),
        el('td', { class: 'nowrap', text: fmtDuration(job.duration_seconds) }))));
    }
  };
}

/** GPU utilisation, efficiency and throughput of the recent runs, oldest first. */
function trendChart() {
  const container = el('div', { class: 'chart chart-wide', id: 'chart-resource-trends', role: 'img',
    'aria-label': 'Resource trend of recent runs' });
  let chart = null;
  return {
    node: section('Resource trend (recent runs, oldest first)', { id: 'resource-trends' }, container),
    mounted() {
      chart = new CategoryChart(container, {
        yAxes: [{ name: '% / score', min: 0, max: 100 }, { name: 'samples/s', min: 0 }]
      });
    },
    update(recent) {
      if (chart) {
        chart.set(recent.map((run) => run.name || run.job_id), [
          { name: 'GPU utilisation %', values: recent.map((r) => valueOrNull(r.average_gpu_utilization_percent)) },
          { name: 'Efficiency score', values: recent.map((r) => valueOrNull(r.overall_score)) },
          { name: 'Samples/s', values: recent.map((r) => valueOrNull(r.average_samples_per_second)), yAxisIndex: 1 }
        ]);
      }
    },
    destroy() {
      if (chart) {
        chart.dispose();
      }
    }
  };
}

function valueOrNull(value) {
  return value === null || value === undefined ? null : value;
}
