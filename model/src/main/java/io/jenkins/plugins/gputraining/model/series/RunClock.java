package io.jenkins.plugins.gputraining.model.series;

import io.jenkins.plugins.gputraining.model.progress.PauseTimeline;
import java.util.Objects;

/**
 * A run's own clock: active seconds since it started, paused intervals left out. It puts runs that started at
 * different times, or were paused for different lengths, on one elapsed-time axis. Immutable.
 */
public final class RunClock {
    private final double start;
    private final PauseTimeline pauses;

    private RunClock(final double start, final PauseTimeline pauses) {
        this.start = start;
        this.pauses = pauses;
    }

    /**
     * A clock that starts at the given epoch seconds and stops during the given pauses.
     *
     * @throws IllegalArgumentException when the start is not finite
     */
    public static RunClock of(final double startEpochSeconds, final PauseTimeline pauses) {
        if (!Double.isFinite(startEpochSeconds)) {
            throw new IllegalArgumentException("a run clock needs a finite start, was " + startEpochSeconds);
        }
        return new RunClock(startEpochSeconds, Objects.requireNonNull(pauses, "pauses"));
    }

    /** The start, epoch seconds. */
    public double start() {
        return start;
    }

    public PauseTimeline pauses() {
        return pauses;
    }

    /** Active seconds from the start to the given epoch time; 0 for a time before the start. */
    public double elapsed(final double epochSeconds) {
        return pauses.activeSeconds(start, epochSeconds);
    }

    /**
     * The series with each x (epoch seconds) replaced by {@link #elapsed}. Elapsed time never runs backwards, so the
     * result is a valid series; points recorded during a pause share the pause's x.
     */
    public Series toElapsed(final Series byEpochSeconds) {
        double[] x = byEpochSeconds.xs();
        for (int i = 0; i < x.length; i++) {
            x[i] = elapsed(x[i]);
        }
        return Series.checked(byEpochSeconds.name(), x, byEpochSeconds.ys());
    }

    @Override
    public String toString() {
        return "RunClock[start=" + start + ", pauses=" + pauses.count() + "]";
    }
}
