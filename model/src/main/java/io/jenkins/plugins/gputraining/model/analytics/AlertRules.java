package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The alert checks of docs/analytics.md, applied to one run's statistics. */
final class AlertRules {
    private final AlertThresholds thresholds;

    AlertRules(final AlertThresholds thresholds) {
        this.thresholds = thresholds;
    }

    List<Alert> check(final MetricStatistics metrics, final TelemetryStatistics telemetry,
                      final LifecycleEvent noProgress) {
        List<Alert> alerts = new ArrayList<>();
        if (noProgress != null) {
            alerts.add(new Alert(Alert.NO_PROGRESS_PARSED, "warning", "No training progress (step or loss) was "
                    + "read from this run: " + noProgress.message() + ".", instant(noProgress.time()), null, null,
                    noProgress.number("lines"), null));
        }
        lossNotFinite(metrics, alerts);
        lossDiverged(metrics, alerts);
        for (GpuStatistics gpu : telemetry.gpus()) {
            gpuIdle(gpu, alerts);
            throttling(gpu, alerts);
            memoryNearFull(gpu, alerts);
        }
        alerts.sort(Comparator.comparing(Alert::firstSeen, Comparator.nullsLast(Comparator.naturalOrder())));
        return alerts;
    }

    private void lossNotFinite(final MetricStatistics metrics, final List<Alert> alerts) {
        MetricRecord first = metrics.firstNonFinite();
        if (first == null) {
            return;
        }
        String where = first.step() == null ? "" : " at step " + first.step();
        alerts.add(new Alert(Alert.LOSS_NOT_FINITE, "critical",
                "Loss became " + spell(first.loss()) + where + " (" + metrics.nonFiniteLosses()
                        + " non-finite values in all); training is numerically unstable.",
                instant(first.time()), null, first.step(), null, null));
    }

    private static String spell(final double value) {
        return Double.isNaN(value) ? "NaN" : value > 0 ? "+inf" : "-inf";
    }

    private void lossDiverged(final MetricStatistics metrics, final List<Alert> alerts) {
        Double initial = metrics.initialLoss();
        Double last = metrics.finalLoss();
        if (initial == null || metrics.finiteLosses() < thresholds.minLossPoints() || initial <= 0) {
            return;
        }
        if (last > initial * thresholds.divergenceFactor()) {
            alerts.add(new Alert(Alert.LOSS_DIVERGED, "critical",
                    String.format(Locale.ROOT, "Loss diverged: final %.4g is %.2f× the initial %.4g.", last,
                            last / initial, initial),
                    null, null, null, last, initial * thresholds.divergenceFactor()));
        }
    }

    private void gpuIdle(final GpuStatistics gpu, final List<Alert> alerts) {
        if (gpu.judgedSamples() < thresholds.minIdleSamples()) {
            return;
        }
        double share = (double) gpu.idleSamples() / gpu.judgedSamples();
        if (share >= thresholds.idleShare()) {
            alerts.add(new Alert(Alert.GPU_IDLE, "warning",
                    String.format(Locale.ROOT, "GPU %d was mostly idle: utilisation below %.0f%% in %.0f%% of its "
                                    + "samples while running (input pipeline or CPU-bound code?).", gpu.gpu(),
                            thresholds.idleUtilizationPercent(), share * 100),
                    instant(gpu.firstIdle()), gpu.gpu(), null, Rounding.round(share, 4), thresholds.idleShare()));
        }
    }

    private void throttling(final GpuStatistics gpu, final List<Alert> alerts) {
        if (gpu.samplesWithReasons() == 0) {
            return;
        }
        double thermal = (double) gpu.thermalSamples() / gpu.samplesWithReasons();
        if (thermal >= thresholds.throttleShare()) {
            alerts.add(new Alert(Alert.THERMAL_THROTTLING, "warning",
                    String.format(Locale.ROOT, "GPU %d was thermally throttled in %.0f%% of its samples; check "
                            + "cooling and airflow.", gpu.gpu(), thermal * 100),
                    instant(gpu.firstThermal()), gpu.gpu(), null, Rounding.round(thermal, 4),
                    thresholds.throttleShare()));
        }
        double power = (double) gpu.powerThrottleSamples() / gpu.samplesWithReasons();
        if (power >= thresholds.throttleShare()) {
            alerts.add(new Alert(Alert.POWER_THROTTLING, "warning",
                    String.format(Locale.ROOT, "GPU %d was held at its power limit in %.0f%% of its samples.",
                            gpu.gpu(), power * 100),
                    instant(gpu.firstPowerThrottle()), gpu.gpu(), null, Rounding.round(power, 4),
                    thresholds.throttleShare()));
        }
    }

    private void memoryNearFull(final GpuStatistics gpu, final List<Alert> alerts) {
        if (Double.isNaN(gpu.firstNearFull())) {
            return;
        }
        alerts.add(new Alert(Alert.GPU_MEMORY_NEAR_FULL, "warning",
                String.format(Locale.ROOT, "GPU %d memory reached %.1f%% of its capacity; a larger batch or model "
                        + "will run out of memory.", gpu.gpu(), gpu.nearFullFraction() * 100),
                instant(gpu.firstNearFull()), gpu.gpu(), null, Rounding.round(gpu.nearFullFraction(), 4),
                thresholds.memoryFullFraction()));
    }

    static String instant(final double epochSeconds) {
        if (Double.isNaN(epochSeconds)) {
            return null;
        }
        long millis = Math.round(epochSeconds * 1000);
        return Instant.ofEpochMilli(millis).toString();
    }
}
