package io.jenkins.plugins.gputraining.runner.parse;

/**
 * Throughput at one observation, and where it came from.
 *
 * @param samplesPerSecond reported or derived samples per second; {@code null} when it cannot be known
 * @param samples cumulative samples, reported or steps × batch size; {@code null} when it cannot be known
 * @param source how {@code samplesPerSecond} was obtained
 */
public record Throughput(Double samplesPerSecond, Long samples, Source source) {
    /** How a throughput value was obtained. */
    public enum Source {
        /** The trainer reported samples per second. */
        REPORTED,
        /** Derived from the change of reported cumulative samples over time. */
        SAMPLES,
        /** Derived from the change of the step over time, times the batch size. */
        STEPS,
        /** Not derivable from what was seen so far. */
        NONE
    }

    /** Nothing known. */
    public static final Throughput UNKNOWN = new Throughput(null, null, Source.NONE);
}
