package io.jenkins.plugins.gputraining.model.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;

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
 */
public record RunSummary(@JsonProperty("job_id") String runId, String name, String status, String startedAt, Double durationSeconds,
                         Double averageSamplesPerSecond, Double overallScore, Double finalLoss, Double bestLoss,
                         Double averageGpuUtilizationPercent, Double peakGpuMemoryMb, Double energyWh,
                         int alertCount) {
    /** The summary figures of a run's analytics. */
    public static RunSummary of(final RunAnalytics analytics) {
        return new RunSummary(analytics.runId(), analytics.name(), analytics.status(), analytics.startedAt(),
                analytics.duration().totalSeconds(), analytics.performance().averageSamplesPerSecond(),
                analytics.efficiency().overallScore(), analytics.losses().finalLoss(), analytics.losses().best(),
                analytics.resourceUtilization().averageGpuUtilizationPercent(),
                analytics.resourceUtilization().peakGpuMemoryMb(), analytics.resourceUtilization().energyWh(),
                analytics.alerts().size());
    }

    boolean isFinished() {
        return RunStatus.fromJson(status).isFinished();
    }
}
