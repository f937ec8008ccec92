package io.jenkins.plugins.gputraining.model.progress;

import java.util.Locale;

/** Lifecycle state of a training run, as written in progress.json. */
public enum RunStatus {
    RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED;

    /** The lower-case name used in JSON. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the run has ended and its artifacts no longer change. */
    public boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
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
                + "\"; expected running, paused, completed, failed or cancelled");
    }
}
