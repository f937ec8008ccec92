package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.PauseTimeline;
import java.util.function.Consumer;

/** One pass over metrics.jsonl: loss, throughput and step statistics in constant memory. */
final class MetricStatistics implements Consumer<MetricRecord> {
    /** The metrics.jsonl extras the agent writes a throughput in tokens/s and steps/s under. */
    static final String TOKENS_PER_SECOND = "tokens_per_second";
    static final String STEPS_PER_SECOND = "steps_per_second";

    private final PauseTimeline pauses;

    private long records;
    private Double initialLoss;
    private Double finalLoss;
    private Double bestLoss;
    private long finiteLosses;
    private long nonFiniteLosses;
    private MetricRecord firstNonFinite;

    private double rateSum;
    private long rateCount;
    private double peakRate = Double.NaN;
    private Long maxSamples;
    private double previousSamplesTime = Double.NaN;
    private long previousSamples;

    /** Throughput in tokens/s and steps/s, from records that carry no samples/s (metrics.jsonl extras). */
    private final Rate tokens = new Rate();
    private final Rate steps = new Rate();
    private long progressRecords;

    private Long firstStep;
    private double firstStepTime;
    private Long lastStep;
    private double lastStepTime;
    private Long maxStep;

    MetricStatistics(final PauseTimeline pauses) {
        this.pauses = pauses;
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
        double rate = Double.NaN;
        Double reported = record.samplesPerSecond();
        if (reported != null && Double.isFinite(reported) && reported >= 0) {
            rate = reported;
        }
        Long samples = record.samples();
        if (samples != null) {
            if (Double.isNaN(rate) && !Double.isNaN(previousSamplesTime) && samples > previousSamples) {
                double active = pauses.activeSeconds(previousSamplesTime, record.time());
                if (active > 0) {
                    rate = (samples - previousSamples) / active;
                }
            }
            previousSamples = samples;
            previousSamplesTime = record.time();
            if (maxSamples == null || samples > maxSamples) {
                maxSamples = samples;
            }
        }
        if (!Double.isNaN(rate)) {
            rateSum += rate;
            rateCount++;
            if (Double.isNaN(peakRate) || rate > peakRate) {
                peakRate = rate;
            }
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
        if (rateCount > 0) {
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

    Double averageRate() {
        return rateCount == 0 ? null : rateSum / rateCount;
    }

    Double peakRate() {
        return Double.isNaN(peakRate) ? null : peakRate;
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
        return pauses.activeSeconds(firstStepTime, lastStepTime) / (lastStep - firstStep);
    }
}
