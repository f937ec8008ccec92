// #/run/{id} — one run: status and controls, summary cards, alerts, charts, checkpoints and downloads. Live from the
// run's WebSocket stream where the host has one (data-stream="true"), else polled every 3 s (run-feed.js).
//
// The page holds the run's data (progress.json and analytics) and its flow: the first load, the stream's messages
// or the polls, reloads; the components render it (widgets.js describes them).

import { el, routeLink } from './dom.js';
import { epochSeconds, isKnown } from './format.js';
import { messageBox } from './widgets.js';
import { runHeader } from './run-header.js';
import { runControls } from './run-controls.js';
import { runCards } from './run-cards.js';
import { runAlerts } from './run-alerts.js';
import { ActiveClock, runCharts } from './run-charts.js';
import { runCheckpoints, runDownloads } from './run-artifacts.js';
import { runFeed } from './run-feed.js';

const CARD_REFRESH_MS = 1000;
const RELOAD_DELAY_MS = 300;
const FINISHED = ['completed', 'failed', 'cancelled'];

export function runPage(ctx, id) {
  const api = ctx.api;
  let destroyed = false;
  let progress = null;
  let analytics = null;

  const clock = new ActiveClock();
  const errors = messageBox('run-error');
  const controls = runControls(ctx, id, () => refreshProgressAndAnalytics());
  const header = runHeader(ctx, id, controls.node);
  const cards = runCards();
  const alerts = runAlerts();
  const charts = runCharts({ api, id, clock, onStale: scheduleReload, onError: (message) => errors.show(message) });
  const checkpoints = runCheckpoints(api, id);
  const downloads = runDownloads(api, id);
  const feed = runFeed({
    api,
    id,
    stream: ctx.stream,
    refresh: refreshAll,
    finished: () => Boolean(progress && FINISHED.includes(progress.status)),
    onMessage: handleMessage,
    onState: header.live
  });

  const view = el('div', { class: 'page page-run' },
    el('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, routeLink('/', 'Runs'), el('span', { text: ' / ' }),
      el('span', { text: id })),
    errors.node,
    header.node,
    cards.node,
    alerts.node,
    charts.nodes,
    el('div', { class: 'two-columns' }, checkpoints.node, downloads.node));

  // ---- rendering ----------------------------------------------------------------------------------------------
  function applyProgress(next) {
    if (!next || destroyed) {
      return;
    }
    progress = next;
    header.update(progress);
    controls.update(progress);
    checkpoints.update(progress.checkpoints || []);
    charts.update(progress);
    if (!analytics) {
      cards.update({ progress, analytics });
    }
  }

  function applyAnalytics(next) {
    if (!next || destroyed) {
      return;
    }
    analytics = next;
    clock.pausedTotal = (analytics.duration && analytics.duration.paused_seconds) || 0;
    cards.update({ progress, analytics });
    alerts.update(analytics);
  }

  // ---- loading ------------------------------------------------------------------------------------------------
  async function refreshProgressAndAnalytics() {
    const [p, a] = await Promise.allSettled([api.progress(id), api.analytics(id)]);
    if (destroyed) {
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
    await Promise.all([refreshProgressAndAnalytics(), charts.load()]);
  }

  let reloadTimer = null;
  function scheduleReload() {
    if (reloadTimer === null) {
      reloadTimer = window.setTimeout(() => {
        reloadTimer = null;
        if (!destroyed) {
          refreshAll();
        }
      }, RELOAD_DELAY_MS);
    }
  }

  // The cards' figures come from the analytics: reloaded after a change, at most once a second.
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

  // ---- the stream's messages (docs/rest-api.md) ---------------------------------------------------------------
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
        charts.appendMetric(message.record);
        break;
      case 'telemetry':
        charts.appendTelemetry(message.samples);
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
        refreshAll();
        break;
      default:
        break;
    }
  }

  return {
    title: id,
    node: view,
    mounted() {
      charts.mounted();
      cards.update({ progress, analytics });
      refreshAll().then(() => {
        if (!destroyed) {
          feed.start();
        }
      });
    },
    destroy() {
      destroyed = true;
      feed.destroy();
      controls.destroy();
      window.clearTimeout(reloadTimer);
      window.clearTimeout(analyticsTimer);
      charts.destroy();
    }
  };
}
