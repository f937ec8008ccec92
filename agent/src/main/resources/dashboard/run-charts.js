// The run page's charts: Training (loss and throughput by step) and GPUs (utilisation, memory, temperature and power
// by elapsed seconds, one series per GPU). Loaded in full from the service's series, then appended to live from the
// run's stream.

import { el, setText } from './dom.js';
import { fmtMb, isKnown } from './format.js';
import { LineChart } from './charts.js';
import { section } from './widgets.js';

const POINTS = 1000;
const MAX_LIVE_POINTS = 5000;

const TRAINING_CHARTS = [
  { id: 'chart-loss', title: 'Loss', metric: 'loss', field: 'loss', xName: 'step', yName: 'loss' },
  { id: 'chart-throughput', title: 'Throughput', metric: 'samples_per_second', field: 'samples_per_second',
    xName: 'step', yName: 'samples/s' }
];
const GPU_CHARTS = [
  { id: 'chart-gpu-util', title: 'GPU utilisation', metric: 'utilization_percent', yName: '%', yMin: 0, yMax: 100 },
  { id: 'chart-gpu-memory', title: 'GPU memory used', metric: 'memory_used_mb', yName: 'MiB', yMin: 0 },
  { id: 'chart-gpu-temperature', title: 'GPU temperature', metric: 'temperature_c', yName: '\u00b0C' },
  { id: 'chart-gpu-power', title: 'GPU power', metric: 'power_watts', yName: 'W', yMin: 0 }
];

/**
 * The x of a streamed telemetry sample: its elapsed seconds with paused time left out, as the service's gpu-series
 * computes them. Exact while the run runs; after a resume the page reloads the charts from the service. The page
 * keeps it current: start (epoch seconds of started_at), pausedTotal (the analytics' paused seconds), pausedSince
 * (epoch seconds of the pause in progress, or null).
 */
export class ActiveClock {
  constructor() {
    this.start = null;
    this.pausedTotal = 0;
    this.pausedSince = null;
  }

  elapsed(time) {
    if (this.start === null) {
      return null;
    }
    const until = this.pausedSince !== null && time > this.pausedSince ? this.pausedSince : time;
    return Math.max(0, until - this.start - this.pausedTotal);
  }
}

function chartPanel(spec) {
  const container = el('div', { class: 'chart', id: spec.id, role: 'img', 'aria-label': spec.title + ' chart' });
  return { panel: el('div', { class: 'chart-panel' }, el('h3', { text: spec.title }), container), container };
}

/** Loss and throughput by step. `onStale` asks for a full reload (the live series went back or grew too long). */
function trainingCharts(api, id, onStale) {
  const panels = TRAINING_CHARTS.map(chartPanel);
  const charts = new Map();
  const node = section('Training', { id: 'training-charts' },
    el('div', { class: 'chart-grid' }, panels.map((p) => p.panel)));

  return {
    node,
    mounted() {
      TRAINING_CHARTS.forEach((spec, i) => charts.set(spec.metric,
        new LineChart(panels[i].container, { xName: spec.xName, yName: spec.yName })));
    },
    load() {
      return TRAINING_CHARTS.map((spec) => api.series(id, spec.metric, 'step', POINTS)
        .then((data) => charts.get(spec.metric).setSeries(data.series || [])));
    },
    /** Appends one metrics record. */
    append(record) {
      for (const spec of TRAINING_CHARTS) {
        const chart = charts.get(spec.metric);
        const name = (chart.series[0] && chart.series[0].name) || id;
        if (record.step < chart.lastX(name)) {
          onStale(); // training went back (resumed from a checkpoint): the server's series drops the tail
          return;
        }
        const value = record[spec.field];
        if (value !== undefined) {
          chart.append(name, [[record.step, typeof value === 'number' ? value : null]]);
        }
        if (chart.pointCount() > MAX_LIVE_POINTS) {
          onStale();
        }
      }
    },
    destroy() {
      charts.forEach((chart) => chart.dispose());
    }
  };
}

/** The GPUs the run used, or why it has no telemetry, and their charts on the active clock's axis. */
function gpuCharts(api, id, clock) {
  const panels = GPU_CHARTS.map(chartPanel);
  const charts = new Map();
  const inventory = el('p', { class: 'muted small', id: 'gpu-inventory' });
  const notice = el('div', { id: 'telemetry-notice', class: 'message message-info', hidden: true });
  const grid = el('div', { class: 'chart-grid' }, panels.map((p) => p.panel));
  const node = section('GPUs', { id: 'gpu-charts' }, inventory, notice, grid);

  return {
    node,
    mounted() {
      GPU_CHARTS.forEach((spec, i) => charts.set(spec.metric,
        new LineChart(panels[i].container, { xName: 'elapsed seconds', yName: spec.yName, yMin: spec.yMin,
          yMax: spec.yMax, emptyText: 'No GPU telemetry' })));
    },
    /** Renders the GPUs and the telemetry status of the run's progress.json. */
    update(progress) {
      const telemetry = progress.telemetry || {};
      const unavailable = telemetry.available === false;
      notice.hidden = !unavailable;
      grid.hidden = unavailable;
      if (unavailable) {
        setText(notice, 'GPU telemetry is unavailable for this run: '
          + (telemetry.reason || 'no reason recorded') + '.');
      }
      const gpus = progress.gpus || [];
      setText(inventory, gpus.length === 0 ? 'No GPUs recorded for this run.'
        : gpus.map((gpu) => 'GPU ' + gpu.index + ': ' + (gpu.name || 'unknown')
          + (isKnown(gpu.memory_total_mb) ? ' (' + fmtMb(gpu.memory_total_mb) + ')' : '')).join(' \u00b7 '));
    },
    load() {
      return GPU_CHARTS.map((spec) => api.gpuSeries(id, spec.metric, POINTS)
        .then((data) => charts.get(spec.metric).setSeries(data.series || [])));
    },
    /** Appends telemetry samples, one series per GPU. */
    append(samples) {
      for (const sample of samples || []) {
        const x = clock.elapsed(sample.time);
        if (x === null || !isKnown(sample.gpu)) {
          continue;
        }
        for (const spec of GPU_CHARTS) {
          const value = sample[spec.metric];
          if (typeof value === 'number') {
            charts.get(spec.metric).append('gpu' + sample.gpu, [[x, value]]);
          }
        }
      }
    },
    destroy() {
      charts.forEach((chart) => chart.dispose());
    }
  };
}

/**
 * The Training and GPUs sections (`nodes`). Live appends that arrive during a full load wait for it, so a load never
 * overwrites newer points.
 *
 * @param {{api: object, id: string, clock: ActiveClock, onStale: function(), onError: function(string)}} options
 *     onStale: the series need a full reload; onError: a chart could not be loaded (not for a run without one)
 */
export function runCharts({ api, id, clock, onStale, onError }) {
  const training = trainingCharts(api, id, onStale);
  const gpus = gpuCharts(api, id, clock);
  let destroyed = false;
  let loading = null;
  let pendingAppends = [];

  function whenLoaded(apply) {
    if (loading) {
      pendingAppends.push(apply);
    } else {
      apply();
    }
  }

  return {
    nodes: [training.node, gpus.node],
    /** Creates the charts: ECharts needs the containers in the document to measure them. */
    mounted() {
      training.mounted();
      gpus.mounted();
    },
    update(progress) {
      gpus.update(progress);
    },
    /** Loads every series in full (one load at a time). */
    async load() {
      if (loading) {
        return loading;
      }
      pendingAppends = [];
      loading = (async () => {
        const results = await Promise.allSettled(training.load().concat(gpus.load()));
        const failed = results.find((r) => r.status === 'rejected');
        if (failed && !destroyed && failed.reason.status !== 404) {
          onError('Could not load a chart: ' + failed.reason.message);
        }
      })();
      try {
        await loading;
      } finally {
        loading = null;
        const queued = pendingAppends;
        pendingAppends = [];
        queued.forEach((apply) => apply());
      }
    },
    /** Appends a streamed metrics record. */
    appendMetric(record) {
      if (!record || !isKnown(record.step)) {
        return;
      }
      whenLoaded(() => training.append(record));
    },
    /** Appends streamed telemetry samples. */
    appendTelemetry(samples) {
      whenLoaded(() => gpus.append(samples));
    },
    destroy() {
      destroyed = true;
      training.destroy();
      gpus.destroy();
    }
  };
}
