package io.jenkins.plugins.gputraining.model.progress;

import java.util.Locale;

/**
 * Lifecycle state of a training run, as written in progress.json. {@link #INTERRUPTED} is what readers report for a
 * run whose agent died before it could record the end ({@link RunLiveness}); an agent that re-attaches to such a run
 * and finds its training gone writes it too.
 */
public enum RunStatus {
    RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED, INTERRUPTED;

    /** The lower-case name used in JSON. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the run has ended and its artifacts no longer change. */
    public boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED || this == INTERRUPTED;
    }

    /**
     * Parses the JSON name.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static RunStatus fromJson(final String value) {
        for (RunStatus status : values()) {
            if (status.jsonName().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown status \"" + value
                + "\"; expected running, paused, completed, failed, cancelled or interrupted");
    }
}
