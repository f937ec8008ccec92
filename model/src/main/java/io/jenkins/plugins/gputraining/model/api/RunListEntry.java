package io.jenkins.plugins.gputraining.model.api;

import io.jenkins.plugins.gputraining.model.analytics.RunSummary;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import java.time.Instant;

/**
 * One run in the runs list ({@code GET /api/training}): who it is, how it stands and its headline figures. Both
 * hosts list every key; what a host does not know is {@code null} (the service knows no Jenkins build, the plugin no
 * token owner).
 *
 * @param runId the run's id ({@code job_id} in the JSON)
 * @param name its name
 * @param status its status name
 * @param startedAt ISO-8601 start
 * @param endedAt ISO-8601 end, or {@code null}
 * @param exitCode the training's exit code, or {@code null}
 * @param durationSeconds active seconds
 * @param overallScore the efficiency score, 0–100
 * @param finalLoss the last training loss
 * @param bestLoss the lowest training loss
 * @param averageSamplesPerSecond mean throughput
 * @param alertCount how many alerts the analytics raise ({@code null} while the run's figures are not known yet)
 * @param latestStep the newest record's step
 * @param latestLoss the newest record's loss (a non-finite loss is {@code null})
 * @param latestSamplesPerSecond the newest record's throughput
 * @param owner the service token that started it, or {@code null}
 * @param build the Jenkins build number, or {@code null}
 * @param buildName the build's display name, or {@code null}
 * @param buildResult the build's result, or {@code null}
 */
public record RunListEntry(String runId, String name, String status, String startedAt, String endedAt,
                           Integer exitCode, Double durationSeconds, Double overallScore, Double finalLoss,
                           Double bestLoss, Double averageSamplesPerSecond, Integer alertCount, Long latestStep,
                           Double latestLoss, Double latestSamplesPerSecond, String owner, Integer build,
                           String buildName, String buildResult) {
    /**
     * The entry of a run from its progress.json and its summary figures, without reading its records: the figures
     * are {@code null} while its index is not built ({@code summary} null). progress.json says when a run ended; while
     * it has not, the figures may know more (a run whose agent died is interrupted).
     */
    public static RunListEntry of(final String runId, final ProgressSnapshot progress, final RunSummary summary) {
        MetricRecord latest = progress.latest();
        boolean known = summary != null;
        return new RunListEntry(runId, progress.name(),
                known && !progress.status().isFinished() ? summary.status() : progress.status().jsonName(),
                text(progress.startedAt()), text(progress.endedAt()), progress.exitCode(),
                known ? summary.durationSeconds() : null, known ? summary.overallScore() : null,
                known ? summary.finalLoss() : null, known ? summary.bestLoss() : null,
                known ? summary.averageSamplesPerSecond() : null, known ? Integer.valueOf(summary.alertCount()) : null,
                latest == null ? null : latest.step(), latest == null ? null : latest.loss(),
                latest == null ? null : latest.samplesPerSecond(), null, null, null, null);
    }

    private static String text(final Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** This entry with the service token that owns the run. */
    public RunListEntry withOwner(final String value) {
        return new RunListEntry(runId, name, status, startedAt, endedAt, exitCode, durationSeconds, overallScore,
                finalLoss, bestLoss, averageSamplesPerSecond, alertCount, latestStep, latestLoss,
                latestSamplesPerSecond, value, build, buildName, buildResult);
    }
}
