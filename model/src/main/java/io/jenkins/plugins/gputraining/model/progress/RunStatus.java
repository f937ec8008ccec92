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

    /** Whether a status written as its JSON name is this one. */
    public boolean is(final String jsonName) {
        return jsonName().equals(jsonName);
    }

    /** The status of a JSON name, or empty when it names none (a status a newer writer added). */
    public static java.util.Optional<RunStatus> ofJson(final String value) {
        for (RunStatus status : values()) {
            if (status.jsonName().equals(value)) {
                return java.util.Optional.of(status);
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether a status written as its JSON name is a finished one (an unknown name is not). */
    public static boolean isFinished(final String jsonName) {
        return ofJson(jsonName).map(RunStatus::isFinished).orElse(false);
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
