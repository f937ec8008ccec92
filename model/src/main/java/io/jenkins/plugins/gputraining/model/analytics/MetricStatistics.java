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
    private double reportedRateSum;
    private long reportedRates;
    private double reportedRatePeak = Double.NaN;
    private Long maxSamples;

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
            reportedRateSum += reported;
            reportedRates++;
            if (Double.isNaN(reportedRatePeak) || reported > reportedRatePeak) {
                reportedRatePeak = reported;
            }
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
        return reportedRates == 0 ? null : reportedRateSum / reportedRates;
    }

    /** The highest window throughput, from the same source as {@link #averageRate()}. */
    Double peakRate() {
        if (fromSamples.measured()) {
            return fromSamples.peak();
        }
        if (fromRates.measured()) {
            return fromRates.peak();
        }
        return Double.isNaN(reportedRatePeak) ? null : reportedRatePeak;
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
