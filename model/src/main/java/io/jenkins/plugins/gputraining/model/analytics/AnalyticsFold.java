package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.PauseTimeline;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;

/**
 * The running statistics of one run's records, folded one record at a time in constant memory: what
 * {@link RunAnalyzer#analytics} turns into {@link RunAnalytics}. A run may be folded in pieces (a live run, as its
 * files grow): feed the pauses known so far ({@link #pauses}) before the records that follow them. Not thread-safe.
 */
public final class AnalyticsFold {
    private final double start;
    private final PauseHolder pauses = new PauseHolder(PauseTimeline.none());
    private final MetricStatistics metrics;
    private final TelemetryStatistics telemetry;

    AnalyticsFold(final AlertThresholds thresholds, final double start) {
        this.start = start;
        this.metrics = new MetricStatistics(pauses);
        this.telemetry = new TelemetryStatistics(pauses, start, thresholds);
    }

    /** The run's start the fold judges warm-up against (epoch seconds; NaN when unknown). */
    public double start() {
        return start;
    }

    /** The pauses known now; records folded from here on are judged against them. */
    public void pauses(final PauseTimeline known) {
        pauses.set(known);
    }

    public void metric(final MetricRecord record) {
        metrics.accept(record);
    }

    public void telemetry(final TelemetrySample sample) {
        telemetry.accept(sample);
    }

    MetricStatistics metrics() {
        return metrics;
    }

    TelemetryStatistics telemetry() {
        return telemetry;
    }
}
