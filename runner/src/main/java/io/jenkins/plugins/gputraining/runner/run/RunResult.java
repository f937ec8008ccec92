package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param runDirectory where its artifacts are
 * @param status completed, failed or cancelled
 * @param exitCode the training command's exit code (128 + N when signal N ended it); what {@code run} exits with
 */
public record RunResult(Path runDirectory, RunStatus status, int exitCode) {
}
