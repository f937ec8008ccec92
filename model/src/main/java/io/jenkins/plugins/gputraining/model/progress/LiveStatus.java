package io.jenkins.plugins.gputraining.model.progress;

import java.time.Instant;

/**
 * A run's status as a reader should report it ({@link RunLiveness}): what progress.json says, unless the run's
 * agent is gone or the events show an end progress.json missed.
 *
 * @param status the status to report
 * @param endedAt when the run ended (for {@link RunStatus#INTERRUPTED}, its last sign of life); {@code null} while
 *         it is live
 * @param reason why the status differs from progress.json's, in words; {@code null} when it does not
 */
public record LiveStatus(RunStatus status, Instant endedAt, String reason) {
}
