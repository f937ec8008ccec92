package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Aggregates per-run summaries into the multi-run {@link Summary}; rules in docs/analytics.md. */
public final class SummaryCalculator {
    /** Length of the top list (docs/analytics.md). */
    public static final int TOP_RUNS = 5;
    /** Runs in the resource trend. */
    public static final int TREND_RUNS = 50;

    private static final Comparator<RunSummary> BY_SCORE = Comparator
            .comparing(RunSummary::overallScore, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(RunSummary::averageSamplesPerSecond, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(RunSummary::runId, Comparator.nullsLast(Comparator.naturalOrder()));
    private static final Comparator<RunSummary> BY_START = Comparator
            .comparing(RunSummary::startedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(RunSummary::runId, Comparator.nullsLast(Comparator.naturalOrder()));

    private SummaryCalculator() {
    }

    /**
     * Summarises runs.
     *
     * @param runs the runs' summaries
     * @param unreadableRuns run directories that could not be read, each with its reason
     */
    public static Summary summarize(final Collection<RunSummary> runs, final List<String> unreadableRuns) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (RunStatus status : RunStatus.values()) {
            byStatus.put(status.jsonName(), 0);
        }
        for (RunSummary run : runs) {
            byStatus.merge(run.status(), 1, Integer::sum);
        }
        List<RunSummary> finished = runs.stream().filter(RunSummary::isFinished).toList();
        Double totalSeconds = sum(runs, RunSummary::durationSeconds);
        List<TopRun> top = runs.stream()
                .filter(run -> run.overallScore() != null)
                .sorted(BY_SCORE)
                .limit(TOP_RUNS)
                .map(TopRun::of)
                .toList();
        return new Summary(runs.size(), byStatus, Rounding.round(mean(finished, RunSummary::durationSeconds), 3),
                Rounding.round(totalSeconds, 3),
                Rounding.round(mean(runs, RunSummary::averageSamplesPerSecond), 3), top, trends(runs),
                unreadableRuns, runs.stream().filter(run -> run.dataProblems() != null)
                        .sorted(Comparator.comparing(RunSummary::runId, Comparator.nullsLast(Comparator.naturalOrder())))
                        .map(run -> run.runId() + ": " + run.dataProblems()).toList());
    }

    private static ResourceTrends trends(final Collection<RunSummary> runs) {
        Double peakMemory = null;
        for (RunSummary run : runs) {
            if (run.peakGpuMemoryMb() != null && (peakMemory == null || run.peakGpuMemoryMb() > peakMemory)) {
                peakMemory = run.peakGpuMemoryMb();
            }
        }
        List<RunSummary> recent = new ArrayList<>(runs);
        recent.sort(BY_START);
        List<ResourceTrends.TrendPoint> points = recent.subList(Math.max(0, recent.size() - TREND_RUNS), recent.size())
                .stream()
                .map(run -> new ResourceTrends.TrendPoint(run.runId(), run.startedAt(),
                        run.averageGpuUtilizationPercent(), run.peakGpuMemoryMb(), run.energyWh(),
                        run.averageSamplesPerSecond(), run.overallScore()))
                .toList();
        return new ResourceTrends(Rounding.round(mean(runs, RunSummary::averageGpuUtilizationPercent), 2), peakMemory,
                Rounding.round(sum(runs, RunSummary::energyWh), 4), points);
    }

    private static Double mean(final Collection<RunSummary> runs, final Function<RunSummary, Double> value) {
        double sum = 0;
        int count = 0;
        for (RunSummary run : runs) {
            Double v = value.apply(run);
            if (v != null) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? null : sum / count;
    }

    private static Double sum(final Collection<RunSummary> runs, final Function<RunSummary, Double> value) {
        Double total = null;
        for (RunSummary run : runs) {
            Double v = value.apply(run);
            if (v != null) {
                total = total == null ? v : total + v;
            }
        }
        return total;
    }
}
