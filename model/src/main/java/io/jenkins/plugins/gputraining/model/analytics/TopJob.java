package io.jenkins.plugins.gputraining.model.analytics;

/**
 * A run in the summary's top list.
 *
 * @param jobId the run's id
 * @param name its name
 * @param status its status
 * @param overallScore overall efficiency score (the ranking key)
 * @param averageSamplesPerSecond mean throughput (the tie-breaker)
 * @param finalLoss last finite loss
 * @param durationSeconds active seconds
 */
public record TopJob(String jobId, String name, String status, Double overallScore, Double averageSamplesPerSecond,
                     Double finalLoss, Double durationSeconds) {
    static TopJob of(final RunSummary run) {
        return new TopJob(run.jobId(), run.name(), run.status(), run.overallScore(), run.averageSamplesPerSecond(),
                run.finalLoss(), run.durationSeconds());
    }
}
