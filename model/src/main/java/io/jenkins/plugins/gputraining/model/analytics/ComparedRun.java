package io.jenkins.plugins.gputraining.model.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
/**
 * One run's row in a comparison.
 *
 * @param runId the run's id
 * @param name its name
 * @param status its status
 * @param throughput mean samples per second
 * @param durationSeconds active seconds
 * @param gpuUtilization mean GPU utilisation, %
 * @param finalLoss last finite loss
 * @param bestLoss lowest finite loss
 * @param energyWh GPU energy
 * @param overallScore overall efficiency score
 */
public record ComparedRun(@JsonProperty("job_id") String runId, String name, String status, Double throughput, Double durationSeconds,
                          Double gpuUtilization, Double finalLoss, Double bestLoss, Double energyWh,
                          Double overallScore) {
    static ComparedRun of(final RunAnalytics run) {
        return new ComparedRun(run.runId(), run.name(), run.status(), run.performance().averageSamplesPerSecond(),
                run.duration().totalSeconds(), run.resourceUtilization().averageGpuUtilizationPercent(),
                run.losses().finalLoss(), run.losses().best(), run.resourceUtilization().energyWh(),
                run.efficiency().overallScore());
    }
}
