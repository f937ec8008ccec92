package io.jenkins.plugins.gputraining.model.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The few figures of one run that the multi-run summary needs; small enough to cache for thousands of runs.
 *
 * @param runId the run's id
 * @param name its name
 * @param status its status
 * @param startedAt ISO-8601 start
 * @param durationSeconds active seconds
 * @param averageSamplesPerSecond mean throughput
 * @param overallScore overall efficiency score
 * @param finalLoss last finite loss
 * @param bestLoss lowest finite loss
 * @param averageGpuUtilizationPercent mean GPU utilisation
 * @param peakGpuMemoryMb highest GPU memory in use
 * @param energyWh GPU energy
 * @param alertCount how many alerts the run raised
 * @param dataProblems what was wrong with the run's data (malformed records, values left out), in a sentence, or
 *         {@code null} when nothing was
 */
public record RunSummary(@JsonProperty("job_id") String runId, String name, String status, String startedAt, Double durationSeconds,
                         Double averageSamplesPerSecond, Double overallScore, Double finalLoss, Double bestLoss,
                         Double averageGpuUtilizationPercent, Double peakGpuMemoryMb, Double energyWh,
                         int alertCount, String dataProblems) {
    /** A run's summary figures without data problems. */
    public RunSummary(final String runId, final String name, final String status, final String startedAt,
                      final Double durationSeconds, final Double averageSamplesPerSecond, final Double overallScore,
                      final Double finalLoss, final Double bestLoss, final Double averageGpuUtilizationPercent,
                      final Double peakGpuMemoryMb, final Double energyWh, final int alertCount) {
        this(runId, name, status, startedAt, durationSeconds, averageSamplesPerSecond, overallScore, finalLoss, bestLoss,
                averageGpuUtilizationPercent, peakGpuMemoryMb, energyWh, alertCount, null);
    }

    /** The summary figures of a run's analytics. */
    public static RunSummary of(final RunAnalytics analytics) {
        return new RunSummary(analytics.runId(), analytics.name(), analytics.status(), analytics.startedAt(),
                analytics.duration().totalSeconds(), analytics.performance().averageSamplesPerSecond(),
                analytics.efficiency().overallScore(), analytics.losses().finalLoss(), analytics.losses().best(),
                analytics.resourceUtilization().averageGpuUtilizationPercent(),
                analytics.resourceUtilization().peakGpuMemoryMb(), analytics.resourceUtilization().energyWh(),
                analytics.alerts().size(), dataProblems(analytics.dataQuality()));
    }

    /** "2 malformed records, 1 value left out; first: metrics.jsonl:3: …", or null when the data was sound. */
    static String dataProblems(final DataQuality quality) {
        List<String> parts = new ArrayList<>();
        count(parts, quality.malformedRecords(), "malformed record");
        count(parts, quality.skippedValues(), "value left out", "values left out");
        count(parts, quality.droppedEvents(), "event dropped", "events dropped");
        if (parts.isEmpty()) {
            return null;
        }
        String sentence = String.join(", ", parts);
        return quality.problems().isEmpty() ? sentence : sentence + "; first: " + quality.problems().get(0);
    }

    private static void count(final List<String> parts, final long count, final String one) {
        count(parts, count, one, one + "s");
    }

    private static void count(final List<String> parts, final long count, final String one, final String many) {
        if (count > 0) {
            parts.add(count + " " + (count == 1 ? one : many));
        }
    }

    boolean isFinished() {
        return RunStatus.fromJson(status).isFinished();
    }
}
