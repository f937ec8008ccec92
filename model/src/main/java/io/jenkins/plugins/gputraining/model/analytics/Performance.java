package io.jenkins.plugins.gputraining.model.analytics;

/**
 * Training throughput.
 *
 * @param averageSamplesPerSecond mean of the per-record throughput in samples/s (reported, or derived from sample
 *         counts)
 * @param peakSamplesPerSecond highest per-record throughput in samples/s
 * @param averageIterationTimeSeconds active seconds per optimizer step between the first and last step seen
 * @param totalSamples samples processed, from the cumulative sample count
 * @param steps the last optimizer step seen
 * @param throughputUnit the unit of {@code averageThroughput} and {@code peakThroughput}: {@code samples/s} when
 *         the run reports samples, else {@code tokens/s}, else {@code steps/s}; {@code null} without throughput
 * @param averageThroughput mean per-record throughput in {@code throughputUnit}
 * @param peakThroughput highest per-record throughput in {@code throughputUnit}
 */
public record Performance(Double averageSamplesPerSecond, Double peakSamplesPerSecond,
                          Double averageIterationTimeSeconds, Long totalSamples, Long steps, String throughputUnit,
                          Double averageThroughput, Double peakThroughput) {
    /** samples/s, the unit of {@link #averageSamplesPerSecond()}. */
    public static final String SAMPLES_PER_SECOND = "samples/s";
    public static final String TOKENS_PER_SECOND = "tokens/s";
    public static final String STEPS_PER_SECOND = "steps/s";

    /** Throughput in samples/s, or none. */
    public Performance(final Double averageSamplesPerSecond, final Double peakSamplesPerSecond,
                       final Double averageIterationTimeSeconds, final Long totalSamples, final Long steps) {
        this(averageSamplesPerSecond, peakSamplesPerSecond, averageIterationTimeSeconds, totalSamples, steps,
                averageSamplesPerSecond == null ? null : SAMPLES_PER_SECOND, averageSamplesPerSecond,
                peakSamplesPerSecond);
    }
}
