package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.PauseTimeline;

/**
 * Throughput of a cumulative counter (samples processed) measured over windows of at least
 * {@link #MIN_WINDOW_SECONDS} active seconds (docs/analytics.md): each window's rate is its increase of the counter
 * divided by its active seconds, the average is the total increase over the total seconds of all windows, and the
 * peak is the highest window rate. Per-record rates are never averaged, so lines that reach the reader in bursts
 * (many records with nearly the same time) cause no spikes.
 *
 * <p>Windows begin and end at the last record of a group of records with the same time, since the records of one
 * burst were produced before the time they carry: the first group's counts are attributed to before the first window,
 * a later burst's to the window it ends. A counter that goes backwards was reset (a restarted run): the window is
 * dropped and a new one starts there; a time that goes backwards starts a new window too. Constant memory.
 */
final class ThroughputWindows {
    /** The shortest window a rate is measured over. */
    static final double MIN_WINDOW_SECONDS = 1.0;

    private final PauseTimeline pauses;
    private boolean started;
    private double startTime;
    private double startCount;
    private double lastTime;
    private double lastCount;
    private double totalIncrease;
    private double totalSeconds;
    private double peak = Double.NaN;
    private long resets;

    ThroughputWindows(final PauseTimeline pauses) {
        this.pauses = pauses;
    }

    /** The counter's value at a record's time; feed records in file order. */
    void accept(final double time, final double count) {
        if (started && (count < lastCount || time < lastTime)) {
            if (count < lastCount) {
                resets++;
            }
            started = false;
        }
        if (!started) {
            started = true;
            startTime = time;
            startCount = count;
        }
        else if (time == startTime) {
            startCount = count;
        }
        else if (time > lastTime) {
            closeAt(lastTime, lastCount);
        }
        lastTime = time;
        lastCount = count;
    }

    private void closeAt(final double time, final double count) {
        double seconds = pauses.activeSeconds(startTime, time);
        if (seconds >= MIN_WINDOW_SECONDS) {
            double increase = count - startCount;
            totalIncrease += increase;
            totalSeconds += seconds;
            double rate = increase / seconds;
            if (Double.isNaN(peak) || rate > peak) {
                peak = rate;
            }
            startTime = time;
            startCount = count;
        }
    }

    /** The last group of records is complete: the run ended, or nothing more has been written yet. */
    private double[] withLastGroup() {
        double increase = totalIncrease;
        double seconds = totalSeconds;
        double best = peak;
        if (started && lastTime > startTime) {
            double tail = pauses.activeSeconds(startTime, lastTime);
            if (tail >= MIN_WINDOW_SECONDS) {
                double delta = lastCount - startCount;
                increase += delta;
                seconds += tail;
                best = Double.isNaN(best) ? delta / tail : Math.max(best, delta / tail);
            }
        }
        return new double[] {increase, seconds, best};
    }

    /** Whether at least one window was measured. */
    boolean measured() {
        return withLastGroup()[1] > 0;
    }

    /** Total increase over total seconds of all windows, or {@code null} when no window was measured. */
    Double average() {
        double[] figures = withLastGroup();
        return figures[1] > 0 ? figures[0] / figures[1] : null;
    }

    /** The highest window rate, or {@code null}. */
    Double peak() {
        double[] figures = withLastGroup();
        return figures[1] > 0 ? figures[2] : null;
    }

    /** How often the counter went backwards. */
    long resets() {
        return resets;
    }
}
