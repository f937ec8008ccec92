package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import java.util.function.Consumer;

/**
 * One pass over metrics.jsonl: loss, throughput and step statistics in constant memory. Throughput is measured over
 * windows of at least a second ({@link ThroughputWindows}): from the cumulative {@code samples} when the records
 * carry them, else from the reported {@code samples_per_second}, each weighted by the active seconds since the
 * previous record that reported one.
 */
final class MetricStatistics implements Consumer<MetricRecord> {
    /** The metrics.jsonl extras the agent writes a throughput in tokens/s and steps/s under. */
    static final String TOKENS_PER_SECOND = "tokens_per_second";
    static final String STEPS_PER_SECOND = "steps_per_second";

    private final PauseHolder pauses;

    private long records;
    private Double initialLoss;
    private Double finalLoss;
    private Double bestLoss;
    private long finiteLosses;
    private long nonFiniteLosses;
    private MetricRecord firstNonFinite;

    private final ThroughputWindows fromSamples;
    private final ThroughputWindows fromRates;
    /** Samples implied by the reported rates, integrated over active time. */
    private double rateSamples;
    private double lastRateTime = Double.NaN;
    /** The reported samples/s themselves, for a run too short to form a window. */
    private final Rate reportedRates = new Rate();
    private Long maxSamples;

    /** Throughput in tokens/s and steps/s, from records that carry no samples/s (metrics.jsonl extras). */
    private final Rate tokens = new Rate();
    private final Rate steps = new Rate();
    private long progressRecords;

    private Long firstStep;
    private double firstStepTime;
    private Long lastStep;
    private double lastStepTime;
    private Long maxStep;

    MetricStatistics(final PauseHolder pauses) {
        this.pauses = pauses;
        this.fromSamples = new ThroughputWindows(pauses);
        this.fromRates = new ThroughputWindows(pauses);
    }

    @Override
    public void accept(final MetricRecord record) {
        records++;
        if (record.loss() != null || record.step() != null) {
            progressRecords++;
        }
        acceptLoss(record);
        acceptThroughput(record);
        acceptStep(record);
    }

    private void acceptLoss(final MetricRecord record) {
        Double loss = record.loss();
        if (loss == null) {
            return;
        }
        if (!Double.isFinite(loss)) {
            nonFiniteLosses++;
            if (firstNonFinite == null) {
                firstNonFinite = record;
            }
            return;
        }
        finiteLosses++;
        if (initialLoss == null) {
            initialLoss = loss;
        }
        finalLoss = loss;
        if (bestLoss == null || loss < bestLoss) {
            bestLoss = loss;
        }
    }

    private void acceptThroughput(final MetricRecord record) {
        Long samples = record.samples();
        if (samples != null) {
            fromSamples.accept(record.time(), samples);
            if (maxSamples == null || samples > maxSamples) {
                maxSamples = samples;
            }
        }
        Double reported = record.samplesPerSecond();
        if (reported != null && Double.isFinite(reported) && reported >= 0) {
            if (record.time() < lastRateTime) {
                rateSamples = 0;
            }
            else if (!Double.isNaN(lastRateTime)) {
                rateSamples += reported * pauses.current().activeSeconds(lastRateTime, record.time());
            }
            lastRateTime = record.time();
            fromRates.accept(record.time(), rateSamples);
            reportedRates.accept(reported);
        }
        tokens.accept(record.metric(TOKENS_PER_SECOND));
        steps.accept(record.metric(STEPS_PER_SECOND));
    }

    /** Mean and peak of one throughput unit. */
    private static final class Rate {
        private double sum;
        private long count;
        private double peak = Double.NaN;

        void accept(final Double value) {
            if (value == null || !Double.isFinite(value) || value < 0) {
                return;
            }
            sum += value;
            count++;
            if (Double.isNaN(peak) || value > peak) {
                peak = value;
            }
        }

        Double average() {
            return count == 0 ? null : sum / count;
        }

        Double peak() {
            return count == 0 ? null : peak;
        }
    }

    private void acceptStep(final MetricRecord record) {
        Long step = record.step();
        if (step == null) {
            return;
        }
        if (firstStep == null) {
            firstStep = step;
            firstStepTime = record.time();
        }
        lastStep = step;
        lastStepTime = record.time();
        if (maxStep == null || step > maxStep) {
            maxStep = step;
        }
    }

    long records() {
        return records;
    }

    /** Records with a step or a loss: progress, as opposed to a metric alone. */
    long progressRecords() {
        return progressRecords;
    }

    /**
     * The unit the run's throughput is best known in: samples/s when records report or imply samples, else
     * tokens/s, else steps/s (docs/analytics.md); null when none is known.
     */
    String throughputUnit() {
        if (averageRate() != null) {
            return Performance.SAMPLES_PER_SECOND;
        }
        if (tokens.count > 0) {
            return Performance.TOKENS_PER_SECOND;
        }
        return steps.count > 0 ? Performance.STEPS_PER_SECOND : null;
    }

    /** Mean throughput in {@link #throughputUnit()}. */
    Double averageThroughput() {
        String unit = throughputUnit();
        return unit == null ? null : unit.equals(Performance.SAMPLES_PER_SECOND) ? averageRate()
                : unit.equals(Performance.TOKENS_PER_SECOND) ? tokens.average() : steps.average();
    }

    /** Peak throughput in {@link #throughputUnit()}. */
    Double peakThroughput() {
        String unit = throughputUnit();
        return unit == null ? null : unit.equals(Performance.SAMPLES_PER_SECOND) ? peakRate()
                : unit.equals(Performance.TOKENS_PER_SECOND) ? tokens.peak() : steps.peak();
    }

    Double initialLoss() {
        return initialLoss;
    }

    Double finalLoss() {
        return finalLoss;
    }

    Double bestLoss() {
        return bestLoss;
    }

    long finiteLosses() {
        return finiteLosses;
    }

    long nonFiniteLosses() {
        return nonFiniteLosses;
    }

    /** The first record whose loss was NaN or infinite, or {@code null}. */
    MetricRecord firstNonFinite() {
        return firstNonFinite;
    }

    /**
     * Mean throughput: over windows of the cumulative sample count; else over windows of the reported rates; else,
     * when no window of a second could be formed (a single record), the reported rate itself; else null.
     */
    Double averageRate() {
        if (fromSamples.measured()) {
            return fromSamples.average();
        }
        if (fromRates.measured()) {
            return fromRates.average();
        }
        return reportedRates.average();
    }

    /** The highest window throughput, from the same source as {@link #averageRate()}. */
    Double peakRate() {
        if (fromSamples.measured()) {
            return fromSamples.peak();
        }
        if (fromRates.measured()) {
            return fromRates.peak();
        }
        return reportedRates.peak();
    }

    /** How often the cumulative sample count went backwards (a restarted run). */
    long counterResets() {
        return fromSamples.resets();
    }

    Long totalSamples() {
        return maxSamples;
    }

    Long maxStep() {
        return maxStep;
    }

    Double averageIterationSeconds() {
        if (firstStep == null || lastStep <= firstStep) {
            return null;
        }
        return pauses.current().activeSeconds(firstStepTime, lastStepTime) / (lastStep - firstStep);
    }
}
