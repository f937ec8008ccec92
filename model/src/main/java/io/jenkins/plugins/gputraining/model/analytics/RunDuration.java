package io.jenkins.plugins.gputraining.model.analytics;

/**
 * How long a run trained. Paused time is left out of {@code total_*}.
 *
 * @param totalSeconds active seconds: wall time minus paused time
 * @param totalHours the same in hours
 * @param totalMinutes the same in minutes
 * @param pausedSeconds seconds spent paused
 * @param wallSeconds seconds from start to end (or now, while running)
 */
public record RunDuration(Double totalSeconds, Double totalHours, Double totalMinutes, Double pausedSeconds,
                          Double wallSeconds) {
    static RunDuration unknown() {
        return new RunDuration(null, null, null, null, null);
    }
}
