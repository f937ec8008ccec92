package io.jenkins.plugins.gputraining.model.analytics;

/**
 * Training throughput.
 *
 * @param averageSamplesPerSecond mean of the per-record throughput (reported, or derived from sample counts)
 * @param peakSamplesPerSecond highest per-record throughput
 * @param averageIterationTimeSeconds active seconds per optimizer step between the first and last step seen
 * @param totalSamples samples processed, from the cumulative sample count
 * @param steps the last optimizer step seen
 */
public record Performance(Double averageSamplesPerSecond, Double peakSamplesPerSecond,
                          Double averageIterationTimeSeconds, Long totalSamples, Long steps) {
}
