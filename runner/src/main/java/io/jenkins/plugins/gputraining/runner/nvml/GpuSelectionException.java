package io.jenkins.plugins.gputraining.runner.nvml;

/** A {@code --gpus} value that names no GPU, or names one ambiguously: the user asked for something specific. */
public final class GpuSelectionException extends Exception {
    private static final long serialVersionUID = 1L;

    public GpuSelectionException(final String message) {
        super(message);
    }
}
