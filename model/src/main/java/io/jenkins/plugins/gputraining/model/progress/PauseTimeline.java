package io.jenkins.plugins.gputraining.model.progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The intervals during which a run was paused, from its {@code paused}/{@code resumed} events. Analytics and series
 * use it to leave paused time out of durations, averages and elapsed-time axes. Immutable.
 */
public final class PauseTimeline {
    private static final PauseTimeline NONE = new PauseTimeline(new double[0], new double[0]);

    private final double[] starts;
    private final double[] ends;

    private PauseTimeline(final double[] starts, final double[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /** A timeline without pauses. */
    public static PauseTimeline none() {
        return NONE;
    }

    /**
     * Builds the timeline from lifecycle events in file order. A pause that was never resumed lasts until
     * {@code end} (the run's end, or now while it is still paused); a repeated {@code paused} is ignored.
     */
    public static PauseTimeline of(final List<LifecycleEvent> events, final double end) {
        List<double[]> intervals = new ArrayList<>();
        double pausedAt = Double.NaN;
        for (LifecycleEvent event : events) {
            if (LifecycleEvent.PAUSED.equals(event.event()) && Double.isNaN(pausedAt)) {
                pausedAt = event.time();
            }
            else if (LifecycleEvent.RESUMED.equals(event.event()) && !Double.isNaN(pausedAt)) {
                if (event.time() > pausedAt) {
                    intervals.add(new double[] {pausedAt, event.time()});
                }
                pausedAt = Double.NaN;
            }
        }
        if (!Double.isNaN(pausedAt) && end > pausedAt) {
            intervals.add(new double[] {pausedAt, end});
        }
        if (intervals.isEmpty()) {
            return NONE;
        }
        intervals.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] starts = new double[intervals.size()];
        double[] ends = new double[intervals.size()];
        for (int i = 0; i < intervals.size(); i++) {
            starts[i] = intervals.get(i)[0];
            ends[i] = intervals.get(i)[1];
        }
        return new PauseTimeline(starts, ends);
    }

    public boolean isEmpty() {
        return starts.length == 0;
    }

    /** How many pauses there were. */
    public int count() {
        return starts.length;
    }

    /** Whether the run was paused at the given time. */
    public boolean isPaused(final double time) {
        int index = Arrays.binarySearch(starts, time);
        int candidate = index >= 0 ? index : -index - 2;
        return candidate >= 0 && time < ends[candidate];
    }

    /** Seconds paused between two times. */
    public double pausedSeconds(final double from, final double to) {
        double paused = 0;
        for (int i = 0; i < starts.length; i++) {
            double overlap = Math.min(to, ends[i]) - Math.max(from, starts[i]);
            if (overlap > 0) {
                paused += overlap;
            }
        }
        return paused;
    }

    /** Seconds the run was active (not paused) between two times. */
    public double activeSeconds(final double from, final double to) {
        return Math.max(0, to - from - pausedSeconds(from, to));
    }
}
