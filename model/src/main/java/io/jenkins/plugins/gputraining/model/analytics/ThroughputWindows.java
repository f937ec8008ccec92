package io.jenkins.plugins.gputraining.model.analytics;


/**
 * Throughput of a cumulative counter (samples processed) measured over windows of at least
 * {@link #MIN_WINDOW_SECONDS} active seconds (docs/analytics.md): each window's rate is its increase of the counter
 * divided by its active seconds, the average is the total increase over the total seconds of all windows, and the
 * peak is the highest window rate. Per-record rates are never averaged.
 *
 * <p>Records often reach the reader in bursts: a trainer's buffered output is read at once and the lines of one read
 * carry nearly the same time, although their samples were produced since the read before. So windows end only at the
 * last record of a burst (a record followed by a pause of at least {@link #BURST_GAP_SECONDS} in the times), and the
 * first window starts after the first burst (whose samples were produced before any time the records show); a run
 * whose records never pause closes a window after {@code 2 ×} {@link #MIN_WINDOW_SECONDS}. A counter that goes
 * backwards was reset (a restarted run): a new window starts there. A time that goes back by more than a window
 * starts a new window too; a smaller step back (a clock adjusted) counts as no time passing. Constant memory.
 */
final class ThroughputWindows {
    /** The shortest window a rate is measured over. */
    static final double MIN_WINDOW_SECONDS = 1.0;
    /** Records closer together than this belong to one burst. */
    static final double BURST_GAP_SECONDS = 0.001;

    private final PauseHolder pauses;
    private boolean started;
    private boolean inFirstBurst;
    private double firstTime;
    private double startTime;
    private double startCount;
    private double lastTime;
    private double lastCount;
    private double totalIncrease;
    private double totalSeconds;
    private double peak = Double.NaN;
    private long resets;

    ThroughputWindows(final PauseHolder pauses) {
        this.pauses = pauses;
    }

    /** The counter's value at a record's time; feed records in file order. */
    void accept(final double recordTime, final double count) {
        double time = recordTime;
        if (started && (count < lastCount || time < lastTime - MIN_WINDOW_SECONDS)) {
            if (count < lastCount) {
                resets++;
            }
            closeAt(lastTime, lastCount);
            started = false;
        }
        if (!started) {
            started = true;
            inFirstBurst = true;
            firstTime = time;
            startTime = time;
            startCount = count;
            lastTime = time;
            lastCount = count;
            return;
        }
        time = Math.max(time, lastTime);
        boolean burstEnded = time - lastTime >= BURST_GAP_SECONDS;
        if (inFirstBurst) {
            if (!burstEnded && time - firstTime < MIN_WINDOW_SECONDS) {
                startTime = time;
                startCount = count;
            }
            else {
                inFirstBurst = false;
            }
        }
        else if (burstEnded || pauses.current().activeSeconds(startTime, lastTime) >= 2 * MIN_WINDOW_SECONDS) {
            closeAt(lastTime, lastCount);
        }
        lastTime = time;
        lastCount = count;
    }

    private void closeAt(final double time, final double count) {
        double seconds = pauses.current().activeSeconds(startTime, time);
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

    /** Totals and peak with the last records closing a window: the run ended, or nothing more was written yet. */
    private double[] withLastRecords() {
        double increase = totalIncrease;
        double seconds = totalSeconds;
        double best = peak;
        if (started && !inFirstBurst) {
            double tail = pauses.current().activeSeconds(startTime, lastTime);
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
        return withLastRecords()[1] > 0;
    }

    /** Total increase over total seconds of all windows, or {@code null} when no window was measured. */
    Double average() {
        double[] figures = withLastRecords();
        return figures[1] > 0 ? figures[0] / figures[1] : null;
    }

    /** The highest window rate, or {@code null}. */
    Double peak() {
        double[] figures = withLastRecords();
        return figures[1] > 0 ? figures[2] : null;
    }

    /** How often the counter went backwards. */
    long resets() {
        return resets;
    }
}
