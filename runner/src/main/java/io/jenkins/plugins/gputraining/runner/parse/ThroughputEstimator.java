package io.jenkins.plugins.gputraining.runner.parse;

/**
 * Throughput over time from successive observations: the reported samples/s when there is one; else the change of
 * reported cumulative samples over the elapsed time; else the change of the step times the batch size over the
 * elapsed time; else {@code null}, never an invented 0.
 *
 * <p>The interval is measured from the last observation at which the counter moved, so an eval line repeating the
 * step neither yields a rate of 0 nor restarts the interval. Observations that arrive at the same instant (a metrics
 * file flushed in a burst) are measured from the last instant before: the burst's last record then carries the rate
 * over the whole interval. A counter that goes backwards (a restarted run) starts over. Rates are measured over at
 * least {@value #MIN_INTERVAL_SECONDS} s, so a burst of lines (a replayed log, the first records) yields no spike.
 * A rate the program prints itself (reported samples/s, or what the console reader converted from it/s, ms/step or
 * a step time) always wins over one derived from arrival times.
 *
 * <p>Thread-safe: stdout, stderr and metrics-file readers may feed one estimator.
 */
public final class ThroughputEstimator {
    /** The shortest interval a derived rate is measured over. */
    public static final double MIN_INTERVAL_SECONDS = 0.25;

    private final Integer batchSize;
    private final Counter samples = new Counter();
    private final Counter steps = new Counter();

    /** Without a batch size: rates only from reported samples or samples/s. */
    public ThroughputEstimator() {
        this(null);
    }

    /**
     * @param batchSize samples per optimizer step over all workers ({@code --batch-size}), or {@code null} when unknown
     */
    public ThroughputEstimator(final Integer batchSize) {
        if (batchSize != null && batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be positive: " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** The throughput at this observation; feed observations in the order they were seen. */
    public synchronized Throughput next(final Observation observation) {
        double time = observation.time();
        Long cumulative = observation.samples();
        if (cumulative == null && observation.step() != null && batchSize != null) {
            cumulative = observation.step() * batchSize;
        }
        Double fromSamples = observation.samples() == null ? null : samples.rate(time, observation.samples());
        Double fromSteps = observation.step() == null ? null : steps.rate(time, observation.step());

        Double reported = observation.samplesPerSecond();
        if (reported != null && Double.isFinite(reported) && reported >= 0) {
            return new Throughput(reported, cumulative, Throughput.Source.REPORTED);
        }
        if (fromSamples != null) {
            return new Throughput(fromSamples, cumulative, Throughput.Source.SAMPLES);
        }
        if (fromSteps != null && batchSize != null) {
            return new Throughput(fromSteps * batchSize, cumulative, Throughput.Source.STEPS);
        }
        return new Throughput(null, cumulative, Throughput.Source.NONE);
    }

    /**
     * Forgets the reference points, e.g. after the run was paused: the interval across a pause would understate the
     * rate, so the first observation after it yields none and starts a new interval.
     */
    public synchronized void restartInterval() {
        samples.reset();
        steps.reset();
    }

    /**
     * A monotonic counter (steps or samples) and the points its rate is measured from: each rate spans at least
     * {@link #MIN_INTERVAL_SECONDS}, measured from the latest earlier point that far back (so every point after the
     * first quarter second gets a rate). Lines that arrive in a burst (a flushed buffer, a replayed log, the first
     * records after start-up) would otherwise yield absurd rates. At most {@value #POINTS} points are kept; in a
     * burst the ones between the oldest and the newest are dropped.
     */
    private static final class Counter {
        private static final int POINTS = 128;

        private final double[] times = new double[POINTS];
        private final long[] values = new long[POINTS];
        private int size;

        Double rate(final double time, final long value) {
            if (size > 0 && (value < values[size - 1] || time < times[size - 1])) {
                reset(); // a restarted counter, or a clock going backwards: a new interval starts here
            }
            if (size > 0 && value == values[size - 1]) {
                return null; // no progress since the last point: nothing to measure, and the interval goes on
            }
            // drop the points the next-older one already covers: the front stays the latest one far enough back
            int drop = 0;
            while (drop + 1 < size && times[drop + 1] <= time - MIN_INTERVAL_SECONDS) {
                drop++;
            }
            if (drop > 0) {
                System.arraycopy(times, drop, times, 0, size - drop);
                System.arraycopy(values, drop, values, 0, size - drop);
                size -= drop;
            }
            Double rate = size > 0 && time - times[0] >= MIN_INTERVAL_SECONDS
                    ? (value - values[0]) / (time - times[0]) : null;
            if (size == POINTS) {
                System.arraycopy(times, 2, times, 1, size - 2);
                System.arraycopy(values, 2, values, 1, size - 2);
                size--;
            }
            times[size] = time;
            values[size] = value;
            size++;
            return rate;
        }

        void reset() {
            size = 0;
        }
    }
}
