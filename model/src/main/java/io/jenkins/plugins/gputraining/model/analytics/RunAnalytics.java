package io.jenkins.plugins.gputraining.model.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Analytics of one run: the run-analytics shape of the analytics contract (docs/analytics.md), extended. A value that cannot be known is
 * {@code null}, never an invented 0.
 *
 * @param runId the run's id
 * @param name its human-readable name
 * @param status running, paused, completed, failed, cancelled or interrupted (as {@code RunLiveness} judges it)
 * @param startedAt ISO-8601 start
 * @param endedAt ISO-8601 end, or {@code null} while running
 * @param exitCode the training command's exit code, once it exited
 * @param duration how long it trained
 * @param performance throughput
 * @param resourceUtilization GPU usage
 * @param checkpoints checkpoints saved
 * @param losses training loss
 * @param efficiency scores
 * @param alerts what deserves a look, in order of first appearance
 * @param telemetryAvailable whether GPU telemetry was recorded
 * @param telemetryUnavailableReason why not, if not
 * @param dataQuality what was read and skipped
 */
public record RunAnalytics(@JsonProperty("job_id") String runId, String name, String status, String startedAt, String endedAt,
                           Integer exitCode, RunDuration duration, Performance performance,
                           ResourceUtilization resourceUtilization, CheckpointStats checkpoints, LossStats losses,
                           EfficiencyScores efficiency, List<Alert> alerts, boolean telemetryAvailable,
                           String telemetryUnavailableReason, DataQuality dataQuality) {
    public RunAnalytics {
        alerts = List.copyOf(alerts);
    }
}
