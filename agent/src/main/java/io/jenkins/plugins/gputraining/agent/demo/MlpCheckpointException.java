package io.jenkins.plugins.gputraining.agent.demo;

import java.nio.file.Path;

/** A checkpoint that cannot be resumed from: missing, not a checkpoint, truncated or corrupt. */
final class MlpCheckpointException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    MlpCheckpointException(final Path path, final String reason) {
        super("cannot resume from checkpoint " + path + ": " + reason);
        this.path = path;
    }

    MlpCheckpointException(final Path path, final String reason, final Throwable cause) {
        super("cannot resume from checkpoint " + path + ": " + reason, cause);
        this.path = path;
    }

    Path path() {
        return path;
    }
}
