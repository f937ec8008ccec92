package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.LiveStatus;
import io.jenkins.plugins.gputraining.model.progress.RunLiveness;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.PauseTimeline;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.ReadResult;
import io.jenkins.plugins.gputraining.model.progress.RecordProblem;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes {@link RunAnalytics} from a run directory in one streaming pass over each file, so a run of any length
 * is analysed in constant memory. Thread-safe.
 */
public final class RunAnalyzer {
    private static final int REPORTED_PROBLEMS = 10;

    private final Clock clock;
    private final AlertThresholds thresholds;

    /** An analyzer with the default thresholds, measuring running runs against the system clock. */
    public RunAnalyzer() {
        this(Clock.systemUTC(), AlertThresholds.defaults());
    }

    /**
     * @param clock "now" for runs that are still running or paused, and for judging whether they still are
     * @param thresholds when to raise alerts
     */
    public RunAnalyzer(final Clock clock, final AlertThresholds thresholds) {
        this.clock = clock;
        this.thresholds = thresholds;
    }

    /**
     * Analyses a run directory.
     *
     * @throws io.jenkins.plugins.gputraining.model.progress.ProgressException when progress.json is missing or
     *         unreadable; malformed {@code .jsonl} lines are skipped and counted in {@code data_quality} instead
     */
    public RunAnalytics analyze(final RunDirectory run) {
        ProgressSnapshot progress = run.readProgress();
        List<LifecycleEvent> events = new ArrayList<>();
        ReadResult eventsRead = run.readEvents(events::add);

        LiveStatus live = RunLiveness.judge(progress, events, clock.instant());
        double start = progress.startedAt() == null ? Double.NaN : seconds(progress.startedAt());
        double end = seconds(live.endedAt() != null ? live.endedAt() : clock.instant());
        PauseTimeline pauses = PauseTimeline.of(events, end);

        MetricStatistics metrics = new MetricStatistics(pauses);
        ReadResult metricsRead = run.readMetrics(metrics);
        TelemetryStatistics telemetry = new TelemetryStatistics(pauses, start, thresholds);
        ReadResult telemetryRead = run.readTelemetry(telemetry);

        LifecycleEvent noProgress = noProgress(events, metrics);
        DataQuality quality = quality(metricsRead, telemetryRead, eventsRead);
        if (noProgress != null) {
            List<String> problems = new ArrayList<>(quality.problems());
            problems.add(ProgressFormat.OUTPUT_FILE + ": " + noProgress.message());
            quality = new DataQuality(quality.metricRecords(), quality.telemetrySamples(), quality.malformedRecords(),
                    quality.truncatedFiles(), problems);
        }
        return new RunAnalytics(progress.runId(), progress.name(), live.status().jsonName(),
                text(progress.startedAt()), text(live.endedAt()), progress.exitCode(),
                duration(start, end, pauses), performance(metrics), resources(telemetry),
                checkpoints(progress, events), losses(metrics), efficiency(metrics, telemetry),
                new AlertRules(thresholds).check(metrics, telemetry, noProgress), progress.telemetry().available(),
                progress.telemetry().reason(), quality);
    }

    /** The agent's latest word that the output held no progress, while no record shows any; else null. */
    private static LifecycleEvent noProgress(final List<LifecycleEvent> events, final MetricStatistics metrics) {
        if (metrics.progressRecords() > 0) {
            return null;
        }
        LifecycleEvent latest = null;
        for (LifecycleEvent event : events) {
            if (LifecycleEvent.NO_PROGRESS.equals(event.event())) {
                latest = event;
            }
        }
        return latest;
    }

    private static double seconds(final Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    private static String text(final Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static RunDuration duration(final double start, final double end, final PauseTimeline pauses) {
        if (Double.isNaN(start) || end < start) {
            return RunDuration.unknown();
        }
        double paused = pauses.pausedSeconds(start, end);
        double active = end - start - paused;
        return new RunDuration(Rounding.round(active, 3), Rounding.round(active / 3600, 4),
                Rounding.round(active / 60, 3), Rounding.round(paused, 3), Rounding.round(end - start, 3));
    }

    private static Performance performance(final MetricStatistics metrics) {
        return new Performance(Rounding.round(metrics.averageRate(), 3), Rounding.round(metrics.peakRate(), 3),
                Rounding.round(metrics.averageIterationSeconds(), 6), metrics.totalSamples(), metrics.maxStep(),
                metrics.throughputUnit(), Rounding.round(metrics.averageThroughput(), 3),
                Rounding.round(metrics.peakThroughput(), 3));
    }

    private static ResourceUtilization resources(final TelemetryStatistics telemetry) {
        return new ResourceUtilization(Rounding.round(telemetry.averageUtilization(), 2),
                Rounding.round(telemetry.peakUtilization(), 2), Rounding.round(telemetry.peakMemory(), 1),
                Rounding.round(telemetry.averageTemperature(), 2), Rounding.round(telemetry.peakTemperature(), 2),
                Rounding.round(telemetry.averagePower(), 2), Rounding.round(telemetry.energyWh(), 4),
                telemetry.gpuCount(), telemetry.samples());
    }

    private static CheckpointStats checkpoints(final ProgressSnapshot progress, final List<LifecycleEvent> events) {
        List<String> names = new ArrayList<>();
        for (Checkpoint checkpoint : progress.checkpoints()) {
            names.add(checkpoint.name());
        }
        if (names.isEmpty()) {
            // A snapshot lost in a crash still leaves the checkpoint events behind.
            for (LifecycleEvent event : events) {
                String name = event.detail("name");
                if (LifecycleEvent.CHECKPOINT.equals(event.event()) && name != null && !names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return new CheckpointStats(names.size(), names);
    }

    private static LossStats losses(final MetricStatistics metrics) {
        Double initial = metrics.initialLoss();
        Double last = metrics.finalLoss();
        Double reduction = initial == null || initial == 0 ? null : (initial - last) / Math.abs(initial) * 100;
        return new LossStats(Rounding.significant(initial, 6), Rounding.significant(last, 6),
                Rounding.significant(metrics.bestLoss(), 6), Rounding.round(reduction, 2), metrics.nonFiniteLosses());
    }

    private static EfficiencyScores efficiency(final MetricStatistics metrics, final TelemetryStatistics telemetry) {
        Double utilization = telemetry.averageUtilization();
        Double average = metrics.averageThroughput();
        Double peak = metrics.peakThroughput();
        Double throughput = average == null || peak == null || peak <= 0 ? null : Math.min(100, average / peak * 100);
        Double overall;
        if (utilization != null && throughput != null) {
            overall = (utilization + throughput) / 2;
        }
        else {
            overall = utilization != null ? utilization : throughput;
        }
        return new EfficiencyScores(Rounding.round(utilization, 1), Rounding.round(throughput, 1),
                Rounding.round(overall, 1));
    }

    private static DataQuality quality(final ReadResult... results) {
        long malformed = 0;
        List<String> truncated = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ReadResult result : results) {
            malformed += result.problemCount();
            if (result.truncatedTail()) {
                truncated.add(result.file());
            }
            for (RecordProblem problem : result.problems()) {
                if (problems.size() < REPORTED_PROBLEMS) {
                    problems.add(problem.toString());
                }
            }
        }
        return new DataQuality(results[0].records(), results[1].records(), malformed, truncated, problems);
    }
}
