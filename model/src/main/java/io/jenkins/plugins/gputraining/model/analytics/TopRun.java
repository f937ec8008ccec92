package io.jenkins.plugins.gputraining.model.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
/**
 * A run in the summary's top list.
 *
 * @param runId the run's id
 * @param name its name
 * @param status its status
 * @param overallScore overall efficiency score (the ranking key)
 * @param averageSamplesPerSecond mean throughput (the tie-breaker)
 * @param finalLoss last finite loss
 * @param durationSeconds active seconds
 */
public record TopRun(@JsonProperty("job_id") String runId, String name, String status, Double overallScore, Double averageSamplesPerSecond,
                     Double finalLoss, Double durationSeconds) {
    static TopRun of(final RunSummary run) {
        return new TopRun(run.runId(), run.name(), run.status(), run.overallScore(), run.averageSamplesPerSecond(),
                run.finalLoss(), run.durationSeconds());
    }
}
