package io.jenkins.plugins.gputraining.model.progress;

/** A run directory written in a format (or a newer major version) that this library cannot read. */
public class UnsupportedFormatException extends ProgressException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFormatException(final String message) {
        super(message);
    }
}
