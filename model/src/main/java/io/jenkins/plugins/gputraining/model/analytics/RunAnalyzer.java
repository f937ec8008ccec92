package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.LiveStatus;
import io.jenkins.plugins.gputraining.model.progress.RunLiveness;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.PauseTimeline;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.ProgressRead;
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
        ProgressRead progressRead = run.readProgressChecked();
        ProgressSnapshot progress = progressRead.snapshot();
        List<LifecycleEvent> events = new ArrayList<>();
        ReadResult eventsRead = run.readEvents(event -> {
            if (events.size() < RunDirectory.MAX_EVENTS) {
                events.add(event);
            }
        });

        AnalyticsFold fold = fold(progress);
        fold.pauses(PauseTimeline.of(events, seconds(endOf(live(progress, events)))));
        ReadResult metricsRead = run.readMetrics(fold::metric);
        ReadResult telemetryRead = run.readTelemetry(fold::telemetry);
        return analytics(progressRead, events, eventsRead, fold, metricsRead, telemetryRead);
    }

    /** An empty fold for a run's records: warm-up is judged from its start, alerts by this analyzer's thresholds. */
    public AnalyticsFold fold(final ProgressSnapshot progress) {
        return new AnalyticsFold(thresholds, progress.startedAt() == null ? Double.NaN : seconds(progress.startedAt()));
    }

    /**
     * The analytics of a run whose records were folded into {@code fold}, measured now (a run still going ends
     * now). The fold is only read: it must have been given the run's pauses ({@link AnalyticsFold#pauses}).
     *
     * @param progressRead progress.json as read
     * @param events the lifecycle events kept (at most {@link RunDirectory#MAX_EVENTS})
     * @param eventsRead what reading events.jsonl found
     * @param fold the run's metric records and telemetry samples, folded
     * @param metricsRead what reading metrics.jsonl found
     * @param telemetryRead what reading telemetry.jsonl found
     */
    public RunAnalytics analytics(final ProgressRead progressRead, final List<LifecycleEvent> events,
                                  final ReadResult eventsRead, final AnalyticsFold fold, final ReadResult metricsRead,
                                  final ReadResult telemetryRead) {
        ProgressSnapshot progress = progressRead.snapshot();
        LiveStatus live = live(progress, events);
        double start = progress.startedAt() == null ? Double.NaN : seconds(progress.startedAt());
        double end = seconds(endOf(live));
        PauseTimeline pauses = PauseTimeline.of(events, end);
        MetricStatistics metrics = fold.metrics();
        TelemetryStatistics telemetry = fold.telemetry();

        LifecycleEvent noProgress = noProgress(events, metrics);
        DataQuality quality = quality(progressRead, metrics, telemetry, eventsRead.records() - events.size(),
                metricsRead, telemetryRead, eventsRead, noProgress);
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

    /**
     * Whether the analytics of a run depend on the clock: it has not ended, or its end is not recorded, so its
     * duration grows with time. Analytics that do not can be stored and reused as they are.
     */
    public boolean dependsOnClock(final ProgressSnapshot progress) {
        return !progress.status().isFinished() || progress.endedAt() == null && progress.updatedAt() == null;
    }

    /** The thresholds alerts are raised by. */
    public AlertThresholds thresholds() {
        return thresholds;
    }

    /** Where the run stands now: one recorded as running whose agent stopped answering has been interrupted. */
    private LiveStatus live(final ProgressSnapshot progress, final List<LifecycleEvent> events) {
        return RunLiveness.judge(progress, events, clock.instant());
    }

    private Instant endOf(final LiveStatus live) {
        return live.endedAt() != null ? live.endedAt() : clock.instant();
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
            if (checkpoint.name() != null) {
                names.add(checkpoint.name());
            }
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

    private static DataQuality quality(final ProgressRead progress, final MetricStatistics metrics,
                                       final TelemetryStatistics telemetry, final long droppedEvents,
                                       final ReadResult metricsRead, final ReadResult telemetryRead,
                                       final ReadResult eventsRead, final LifecycleEvent noProgress) {
        long malformed = progress.problemCount();
        long skipped = telemetry.implausibleCounterSteps() + telemetry.samplesOfUntrackedGpus();
        List<String> truncated = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        progress.problems().forEach(problem -> report(problems, problem.toString()));
        for (ReadResult result : List.of(metricsRead, telemetryRead, eventsRead)) {
            malformed += result.problemCount();
            skipped += result.skippedValues();
            if (result.truncatedTail()) {
                truncated.add(result.file());
            }
            for (RecordProblem problem : result.problems()) {
                report(problems, problem.toString());
            }
        }
        for (GpuStatistics gpu : telemetry.gpus()) {
            if (gpu.implausibleSteps() > 0) {
                report(problems, ProgressFormat.TELEMETRY_FILE + ": the energy counter of GPU " + gpu.gpu() + " jumped "
                        + gpu.implausibleSteps() + " time(s) by more than " + (long) GpuStatistics.MAX_COUNTER_WATTS
                        + " W could draw, first at " + AlertRules.instant(gpu.firstImplausible())
                        + "; those increases left out");
            }
        }
        if (telemetry.samplesOfUntrackedGpus() > 0) {
            report(problems, ProgressFormat.TELEMETRY_FILE + ": " + telemetry.samplesOfUntrackedGpus()
                    + " samples of GPUs beyond the first " + TelemetryStatistics.MAX_GPUS + " left out");
        }
        if (droppedEvents > 0) {
            report(problems, ProgressFormat.EVENTS_FILE + ": " + droppedEvents + " events beyond the first "
                    + RunDirectory.MAX_EVENTS + " left out");
        }
        if (noProgress != null) {
            // Always listed, even past the first problems: it explains why the analytics have no figures.
            problems.add(ProgressFormat.OUTPUT_FILE + ": " + noProgress.message());
        }
        return new DataQuality(metricsRead.records(), telemetryRead.records(), malformed, truncated, problems, skipped,
                metrics.counterResets() + telemetry.counterResets(), droppedEvents);
    }

    private static void report(final List<String> problems, final String problem) {
        if (problems.size() < REPORTED_PROBLEMS) {
            problems.add(problem);
        }
    }
}
