// #/run/{id} — one run: status and controls, summary cards, alerts, charts, checkpoints and downloads. Live from the
// run's WebSocket stream where the host has one (data-stream="true"), else polled every 3 s.

import { el, replaceChildren, routeLink, setText } from './dom.js';
import {
  DASH, epochSeconds, fmtBytes, fmtDuration, fmtEnergy, fmtInt, fmtLoss, fmtMb, fmtNumber, fmtPercent, fmtRate,
  fmtTime, isKnown
} from './format.js';
import { LineChart } from './charts.js';
import { readToken, storeToken } from './token.js';
import { card, efficiencyBadge, messageBox, section, statusPill, tableHead, updateStatusPill } from './widgets.js';

const POLL_MS = 3000;
const CARD_REFRESH_MS = 1000;
const POINTS = 1000;
const MAX_LIVE_POINTS = 5000;
const ARTIFACTS = [
  ['progress.json', 'Progress snapshot'],
  ['metrics.jsonl', 'Training metrics'],
  ['telemetry.jsonl', 'GPU telemetry'],
  ['events.jsonl', 'Lifecycle events'],
  ['output.log', 'Console output']
];

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

export function runPage(ctx, id) {
  const api = ctx.api;
  let disposed = false;
  let progress = null;
  let analytics = null;

  // ---- header and controls -------------------------------------------------------------------------------------
  const title = el('h1', { class: 'run-title', text: id });
  const subtitle = el('div', { class: 'muted small run-id' });
  const status = statusPill(null, { id: 'run-status', role: 'status' });
  const meta = el('dl', { class: 'run-meta', id: 'run-meta' });
  const liveIndicator = el('span', { class: 'live-indicator', id: 'live-indicator' });
  const errors = messageBox('run-error');

  const tokenInput = el('input', { id: 'token-input', type: 'password', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Bearer token', value: readToken() });
  const pauseMode = el('select', { id: 'pause-mode' },
    el('option', { value: 'suspend', text: 'Suspend (keep GPU memory)' }),
    el('option', { value: 'checkpoint', text: 'Checkpoint and stop' }));
  const pauseButton = el('button', { type: 'button', id: 'pause-button', class: 'button', disabled: true, text: 'Pause' });
  const resumeButton = el('button', { type: 'button', id: 'resume-button', class: 'button', disabled: true,
    text: 'Resume' });
  const cancelButton = el('button', { type: 'button', id: 'cancel-button', class: 'button danger', disabled: true,
    text: 'Cancel' });
  const actionResult = el('div', { id: 'action-result', class: 'action-result', role: 'status', 'aria-live': 'polite' });
  const tokenField = ctx.auth === 'none' ? null : el('div', { class: 'field' },
    el('label', { for: 'token-input', text: 'API token' }), tokenInput);
  const controls = el('form', { class: 'controls', id: 'run-controls', 'aria-label': 'Run controls', novalidate: true },
    tokenField,
    el('div', { class: 'field' }, el('label', { for: 'pause-mode', text: 'Pause mode' }), pauseMode),
    el('div', { class: 'button-row' }, pauseButton, resumeButton, cancelButton),
    actionResult);
  let busy = false;

  tokenInput.addEventListener('input', () => storeToken(tokenInput.value.trim()));
  controls.addEventListener('submit', (event) => event.preventDefault());

  // ---- cards --------------------------------------------------------------------------------------------------
  const cards = {
    duration: card('card-duration', 'Duration'),
    throughput: card('card-throughput', 'Throughput'),
    gpuUtil: card('card-gpu-util', 'GPU utilisation'),
    memory: card('card-gpu-memory', 'Peak GPU memory'),
    energy: card('card-energy', 'Energy'),
    loss: card('card-loss', 'Final loss'),
    step: card('card-step', 'Progress'),
    efficiency: card('card-efficiency', 'Efficiency')
  };
  const cardGrid = el('div', { class: 'card-grid', id: 'summary-cards' }, Object.values(cards).map((c) => c.node));

  const telemetryNotice = el('div', { id: 'telemetry-notice', class: 'message message-info', hidden: true });
  const alertsList = el('ul', { id: 'alerts-list', class: 'alerts' });
  const alertsPanel = section('Alerts', { id: 'alerts', hidden: true }, alertsList);

  // ---- charts -------------------------------------------------------------------------------------------------
  function chartPanel(spec) {
    const container = el('div', { class: 'chart', id: spec.id, role: 'img', 'aria-label': spec.title + ' chart' });
    return { panel: el('div', { class: 'chart-panel' }, el('h3', { text: spec.title }), container), container };
  }
  const trainingPanels = TRAINING_CHARTS.map(chartPanel);
  const gpuPanels = GPU_CHARTS.map(chartPanel);
  const trainingSection = section('Training', { id: 'training-charts' },
    el('div', { class: 'chart-grid' }, trainingPanels.map((p) => p.panel)));
  const gpuChartGrid = el('div', { class: 'chart-grid' }, gpuPanels.map((p) => p.panel));
  const gpuSection = section('GPUs', { id: 'gpu-charts' },
    el('p', { class: 'muted small', id: 'gpu-inventory' }), telemetryNotice, gpuChartGrid);

  // ---- checkpoints and artifacts ------------------------------------------------------------------------------
  const checkpointsBody = el('tbody');
  const checkpointsEmpty = el('p', { class: 'empty', text: 'No checkpoints yet.' });
  const checkpointsTable = el('table', { id: 'checkpoints-table', class: 'data-table', hidden: true },
    tableHead(['Checkpoint', { label: 'Step', class: 'num' }, 'Saved', { label: 'Size', class: 'num' }, '']),
    checkpointsBody);
  const artifactList = el('ul', { class: 'artifact-list', id: 'artifact-links' }, ARTIFACTS.map(([file, label]) =>
    el('li', {}, el('a', { href: api.downloadUrl(id, file), download: file, class: 'artifact-link' },
      el('span', { class: 'artifact-name', text: file })), el('span', { class: 'muted small', text: ' ' + label }))));

  const view = el('div', { class: 'page page-run' },
    el('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, routeLink('/', 'Runs'), el('span', { text: ' / ' }),
      el('span', { text: id })),
    errors.node,
    el('div', { class: 'run-header panel' },
      el('div', { class: 'run-heading' },
        el('div', {}, title, subtitle),
        el('div', { class: 'run-state' }, status, liveIndicator)),
      meta,
      controls),
    cardGrid,
    alertsPanel,
    trainingSection,
    gpuSection,
    el('div', { class: 'two-columns' },
      section('Checkpoints', { id: 'checkpoints' }, el('div', { class: 'table-scroll' }, checkpointsTable),
        checkpointsEmpty),
      section('Downloads', { id: 'artifacts' }, artifactList)));

  const trainingCharts = new Map();
  const gpuCharts = new Map();

  // ECharts needs the container in the document to measure it: create the charts once the view is attached.
  function createCharts() {
    TRAINING_CHARTS.forEach((spec, i) => trainingCharts.set(spec.metric,
      new LineChart(trainingPanels[i].container, { xName: spec.xName, yName: spec.yName })));
    GPU_CHARTS.forEach((spec, i) => gpuCharts.set(spec.metric,
      new LineChart(gpuPanels[i].container, { xName: 'elapsed seconds', yName: spec.yName, yMin: spec.yMin,
        yMax: spec.yMax, emptyText: 'No GPU telemetry' })));
  }

  // ---- rendering ----------------------------------------------------------------------------------------------
  function applyProgress(next) {
    if (!next || disposed) {
      return;
    }
    progress = next;
    const name = progress.name || progress.job_id || id;
    setText(title, name);
    setText(subtitle, name !== id ? id : '');
    ctx.setTitle(name);
    updateStatusPill(status, progress.status);
    renderMeta();
    updateButtons();
    renderCheckpoints(progress.checkpoints || []);
    const telemetry = progress.telemetry || {};
    const unavailable = telemetry.available === false;
    telemetryNotice.hidden = !unavailable;
    gpuChartGrid.hidden = unavailable;
    if (unavailable) {
      setText(telemetryNotice, 'GPU telemetry is unavailable for this run: '
        + (telemetry.reason || 'no reason recorded') + '.');
    }
    const gpus = progress.gpus || [];
    setText(gpuSection.querySelector('#gpu-inventory'), gpus.length === 0 ? 'No GPUs recorded for this run.'
      : gpus.map((gpu) => 'GPU ' + gpu.index + ': ' + (gpu.name || 'unknown')
        + (isKnown(gpu.memory_total_mb) ? ' (' + fmtMb(gpu.memory_total_mb) + ')' : '')).join(' \u00b7 '));
    if (!analytics) {
      renderCards();
    }
  }

  function metaItem(label, value) {
    return [el('dt', { text: label }), el('dd', { text: value })];
  }

  function renderMeta() {
    const p = progress || {};
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
    replaceChildren(meta, items);
  }

  function updateButtons() {
    const state = progress ? progress.status : null;
    pauseButton.disabled = busy || state !== 'running';
    pauseMode.disabled = busy || state !== 'running';
    resumeButton.disabled = busy || state !== 'paused';
    cancelButton.disabled = busy || !(state === 'running' || state === 'paused');
  }

  function renderCards() {
    const a = analytics || {};
    const duration = a.duration || {};
    const perf = a.performance || {};
    const res = a.resource_utilization || {};
    const losses = a.losses || {};
    const eff = a.efficiency || {};
    const latest = (progress && progress.latest) || {};
    cards.duration.update(fmtDuration(duration.total_seconds),
      isKnown(duration.paused_seconds) && duration.paused_seconds > 0
        ? 'paused ' + fmtDuration(duration.paused_seconds) : 'active time');
    cards.throughput.update(fmtRate(perf.average_samples_per_second),
      'mean \u00b7 peak ' + fmtRate(perf.peak_samples_per_second), 'samples/s');
    cards.gpuUtil.update(fmtPercent(res.average_gpu_utilization_percent),
      'mean \u00b7 peak ' + fmtPercent(res.peak_gpu_utilization_percent));
    cards.memory.update(fmtMb(res.peak_gpu_memory_mb),
      isKnown(res.gpu_count) ? res.gpu_count + (res.gpu_count === 1 ? ' GPU' : ' GPUs') : '');
    cards.energy.update(fmtEnergy(res.energy_wh), isKnown(res.average_power_watts)
      ? 'avg ' + fmtNumber(res.average_power_watts, 0) + ' W' : '');
    cards.loss.update(fmtLoss(isKnown(losses.final) ? losses.final : latest.loss),
      'best ' + fmtLoss(losses.best) + (isKnown(losses.reduction_percent)
        ? ' \u00b7 ' + fmtNumber(losses.reduction_percent, 1) + ' % lower' : ''));
    const step = isKnown(latest.step) ? latest.step : perf.steps;
    cards.step.update(isKnown(step) ? 'step ' + fmtInt(step) : DASH,
      isKnown(latest.epoch) ? 'epoch ' + fmtNumber(latest.epoch, 2) : '');
    cards.efficiency.update(efficiencyBadge(eff.overall_score, { id: 'efficiency-badge' }, true),
      'GPU ' + (isKnown(eff.gpu_utilization_score) ? fmtNumber(eff.gpu_utilization_score, 1) : DASH)
      + ' \u00b7 throughput ' + (isKnown(eff.throughput_score) ? fmtNumber(eff.throughput_score, 1) : DASH));
  }

  function renderAlerts() {
    const alerts = (analytics && analytics.alerts) || [];
    alertsPanel.hidden = alerts.length === 0;
    replaceChildren(alertsList, alerts.map((alert) => el('li', { class: ['alert', 'severity-' + (alert.severity === 'critical'
      ? 'critical' : 'warning')] },
    el('span', { class: 'alert-kind', text: alert.kind || 'alert' }),
    el('span', { class: 'alert-message', text: alert.message || '' }),
    isKnown(alert.gpu) ? el('span', { class: 'muted small', text: ' GPU ' + alert.gpu }) : null,
    isKnown(alert.step) ? el('span', { class: 'muted small', text: ' step ' + fmtInt(alert.step) }) : null)));
  }

  function renderCheckpoints(checkpoints) {
    checkpointsTable.hidden = checkpoints.length === 0;
    checkpointsEmpty.hidden = checkpoints.length > 0;
    const sorted = checkpoints.slice().sort((a, b) => (a.time || 0) - (b.time || 0));
    replaceChildren(checkpointsBody, sorted.map((checkpoint) => el('tr', { dataset: { checkpoint: checkpoint.name } },
      el('td', {}, el('span', { class: 'mono', text: checkpoint.name }),
        checkpoint.path && checkpoint.path !== checkpoint.name
          ? el('div', { class: 'muted small', text: checkpoint.path }) : null),
      el('td', { class: 'num', text: fmtInt(checkpoint.step) }),
      el('td', { class: 'nowrap', text: fmtTime(checkpoint.time) }),
      el('td', { class: 'num', text: fmtBytes(checkpoint.size_bytes) }),
      el('td', {}, el('a', { href: api.checkpointUrl(id, checkpoint.name), class: 'button small checkpoint-download',
        download: '', text: 'Download' })))));
  }

  function applyAnalytics(next) {
    if (!next || disposed) {
      return;
    }
    analytics = next;
    clock.pausedTotal = (analytics.duration && analytics.duration.paused_seconds) || 0;
    renderCards();
    renderAlerts();
  }

  // ---- series: full loads and live appends --------------------------------------------------------------------
  // Elapsed seconds of a telemetry sample, paused time left out, as the server's gpu-series computes them. Exact
  // while the run runs; after a resume the charts are reloaded from the server.
  const clock = { start: null, pausedTotal: 0, pausedSince: null };
  function elapsed(time) {
    if (clock.start === null) {
      return null;
    }
    const until = clock.pausedSince !== null && time > clock.pausedSince ? clock.pausedSince : time;
    return Math.max(0, until - clock.start - clock.pausedTotal);
  }

  let loading = null;
  let pendingAppends = [];

  async function loadSeries() {
    if (loading) {
      return loading;
    }
    pendingAppends = [];
    loading = (async () => {
      const training = TRAINING_CHARTS.map((spec) => api.series(id, spec.metric, 'step', POINTS)
        .then((data) => trainingCharts.get(spec.metric).setSeries(data.series || [])));
      const gpu = GPU_CHARTS.map((spec) => api.gpuSeries(id, spec.metric, POINTS)
        .then((data) => gpuCharts.get(spec.metric).setSeries(data.series || [])));
      const results = await Promise.allSettled(training.concat(gpu));
      const failed = results.find((r) => r.status === 'rejected');
      if (failed && !disposed && failed.reason.status !== 404) {
        errors.show('Could not load a chart: ' + failed.reason.message);
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
  }

  function whenLoaded(apply) {
    if (loading) {
      pendingAppends.push(apply);
    } else {
      apply();
    }
  }

  let reloadTimer = null;
  function scheduleReload() {
    if (reloadTimer === null) {
      reloadTimer = window.setTimeout(() => {
        reloadTimer = null;
        if (!disposed) {
          refreshAll();
        }
      }, 300);
    }
  }

  function appendMetric(record) {
    if (!record || !isKnown(record.step)) {
      return;
    }
    whenLoaded(() => {
      for (const spec of TRAINING_CHARTS) {
        const chart = trainingCharts.get(spec.metric);
        const name = (chart.series[0] && chart.series[0].name) || id;
        if (record.step < chart.lastX(name)) {
          scheduleReload(); // training went back (resumed from a checkpoint): the server's series drops the tail
          return;
        }
        const value = record[spec.field];
        if (value !== undefined) {
          chart.append(name, [[record.step, typeof value === 'number' ? value : null]]);
        }
        if (chart.pointCount() > MAX_LIVE_POINTS) {
          scheduleReload();
        }
      }
    });
  }

  function appendTelemetry(samples) {
    whenLoaded(() => {
      for (const sample of samples || []) {
        const x = elapsed(sample.time);
        if (x === null || !isKnown(sample.gpu)) {
          continue;
        }
        for (const spec of GPU_CHARTS) {
          const value = sample[spec.metric];
          if (typeof value === 'number') {
            gpuCharts.get(spec.metric).append('gpu' + sample.gpu, [[x, value]]);
          }
        }
      }
    });
  }

  // ---- data flow: initial load, stream or polling -------------------------------------------------------------
  async function refreshProgressAndAnalytics() {
    const [p, a] = await Promise.allSettled([api.progress(id), api.analytics(id)]);
    if (disposed) {
      return;
    }
    if (p.status === 'fulfilled') {
      applyProgress(p.value);
      clock.start = epochSeconds(p.value.started_at);
      if (p.value.status !== 'paused') {
        clock.pausedSince = null;
      }
      errors.clear();
    } else {
      errors.show(p.reason.status === 404 ? 'No run with id ' + id + '.' : 'Could not load the run: ' + p.reason.message);
    }
    if (a.status === 'fulfilled') {
      applyAnalytics(a.value);
    }
  }

  async function refreshAll() {
    await Promise.all([refreshProgressAndAnalytics(), loadSeries()]);
  }

  let analyticsTimer = null;
  let lastAnalytics = 0;
  function scheduleCards() {
    if (analyticsTimer !== null) {
      return;
    }
    const wait = Math.max(0, lastAnalytics + CARD_REFRESH_MS - Date.now());
    analyticsTimer = window.setTimeout(async () => {
      analyticsTimer = null;
      lastAnalytics = Date.now();
      try {
        applyAnalytics(await api.analytics(id));
      } catch (e) {
        // The next progress message tries again.
      }
    }, wait);
  }

  let pollTimer = null;
  function startPolling() {
    setLive('polling', 'Refreshing every 3 s');
    const poll = async () => {
      pollTimer = null;
      if (disposed) {
        return;
      }
      await refreshAll();
      if (disposed) {
        return;
      }
      if (progress && ['completed', 'failed', 'cancelled'].includes(progress.status)) {
        setLive('ended', 'Run finished');
        return;
      }
      pollTimer = window.setTimeout(poll, POLL_MS);
    };
    pollTimer = window.setTimeout(poll, POLL_MS);
  }

  function setLive(state, text) {
    liveIndicator.className = 'live-indicator live-' + state;
    setText(liveIndicator, text);
  }

  let socket = null;
  let ended = false;
  function connect() {
    try {
      socket = new WebSocket(api.streamUrl(id));
    } catch (e) {
      startPolling();
      return;
    }
    setLive('connecting', 'Connecting\u2026');
    socket.addEventListener('open', () => setLive('live', 'Live'));
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      handleMessage(message);
    });
    socket.addEventListener('close', () => {
      socket = null;
      if (disposed) {
        return;
      }
      if (ended) {
        setLive('ended', 'Run finished');
      } else if (pollTimer === null) {
        startPolling(); // the stream went away: keep the page current by polling
      }
    });
  }

  function handleMessage(message) {
    switch (message.type) {
      case 'snapshot':
        applyProgress(message.progress);
        if (message.progress) {
          clock.start = epochSeconds(message.progress.started_at);
        }
        applyAnalytics(message.analytics);
        break;
      case 'metric':
        appendMetric(message.record);
        break;
      case 'telemetry':
        appendTelemetry(message.samples);
        break;
      case 'event': {
        const event = message.event || {};
        if (event.event === 'paused') {
          clock.pausedSince = isKnown(event.time) ? event.time : Date.now() / 1000;
        } else if (event.event === 'resumed') {
          scheduleReload();
        }
        scheduleCards();
        break;
      }
      case 'progress': {
        const before = progress ? progress.status : null;
        applyProgress(message.progress);
        if (before === 'paused' && message.progress && message.progress.status === 'running') {
          scheduleReload();
        }
        scheduleCards();
        break;
      }
      case 'end':
        ended = true;
        setLive('ended', 'Run finished');
        refreshAll();
        break;
      default:
        break;
    }
  }

  // ---- controls -----------------------------------------------------------------------------------------------
  function showResult(kind, text) {
    actionResult.className = 'action-result result-' + kind;
    actionResult.textContent = text;
  }

  async function control(action) {
    const token = ctx.auth === 'none' ? '' : tokenInput.value.trim();
    if (ctx.auth !== 'none') {
      storeToken(token);
    }
    const body = action === 'pause' ? { mode: pauseMode.value } : {};
    busy = true;
    updateButtons();
    showResult('pending', 'Sending ' + action + '\u2026');
    try {
      const answer = await ctx.api.control(id, action, body, token || null);
      const outcome = answer && answer.outcome;
      if (!outcome) {
        showResult('pending', 'Request ' + (answer && answer.request_id ? answer.request_id + ' ' : '')
          + 'sent; waiting for the agent to act.');
      } else if (outcome.accepted) {
        showResult('ok', capitalise(outcome.event || action) + (outcome.message ? ': ' + outcome.message : ''));
      } else {
        showResult('error', 'Not done: ' + (outcome.message || outcome.event || 'the agent refused'));
      }
    } catch (e) {
      showResult('error', capitalise(action) + ' failed: ' + e.message);
    } finally {
      busy = false;
      updateButtons();
    }
    if (!disposed) {
      await refreshProgressAndAnalytics();
    }
  }

  pauseButton.addEventListener('click', () => control('pause'));
  resumeButton.addEventListener('click', () => control('resume'));
  cancelButton.addEventListener('click', () => {
    if (window.confirm('Cancel this training run? It cannot be resumed afterwards.')) {
      control('cancel');
    }
  });

  return {
    title: id,
    node: view,
    mounted() {
      createCharts();
      renderCards();
      refreshAll().then(() => {
        if (disposed) {
          return;
        }
        const finished = progress && ['completed', 'failed', 'cancelled'].includes(progress.status);
        if (finished) {
          setLive('ended', 'Run finished');
        } else if (ctx.stream && typeof WebSocket === 'function') {
          connect();
        } else {
          startPolling();
        }
      });
    },
    dispose() {
      disposed = true;
      window.clearTimeout(pollTimer);
      window.clearTimeout(reloadTimer);
      window.clearTimeout(analyticsTimer);
      if (socket) {
        socket.close();
      }
      trainingCharts.forEach((chart) => chart.dispose());
      gpuCharts.forEach((chart) => chart.dispose());
    }
  };
}

function capitalise(text) {
  const value = String(text);
  return value.charAt(0).toUpperCase() + value.slice(1);
}
