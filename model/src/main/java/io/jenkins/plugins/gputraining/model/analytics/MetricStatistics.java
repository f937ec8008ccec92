package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.PauseTimeline;
import java.util.function.Consumer;

/** One pass over metrics.jsonl: loss, throughput and step statistics in constant memory. */
final class MetricStatistics implements Consumer<MetricRecord> {
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
