package io.jenkins.plugins.gputraining.model.progress;

/** A run directory that cannot be read; the message names the file and the problem. */
public class ProgressException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProgressException(final String message) {
        super(message);
    }

    public ProgressException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
