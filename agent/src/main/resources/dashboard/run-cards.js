// The run page's summary cards: duration, throughput, GPU utilisation, peak GPU memory, energy, final loss, progress
// and the efficiency badge (figures as docs/analytics.md defines them).

import { el } from './dom.js';
import { DASH, fmtDuration, fmtEnergy, fmtInt, fmtLoss, fmtMb, fmtNumber, fmtPercent, fmtRate, isKnown } from './format.js';
import { card, efficiencyBadge } from './widgets.js';

export function runCards() {
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
  const node = el('div', { class: 'card-grid', id: 'summary-cards' }, Object.values(cards).map((c) => c.node));

  return {
    node,
    /** Renders the run's analytics and the latest record of its progress; either may be missing (dashes). */
    update({ progress, analytics }) {
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
  };
}
