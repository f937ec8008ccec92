package io.jenkins.plugins.gputraining.runner.parse;

/** What a throughput counts per second. */
public enum ThroughputUnit {
    /** Training samples (examples, images, sequences) per second. */
    SAMPLES("samples_per_second"),
    /** Tokens per second. */
    TOKENS("tokens_per_second"),
    /** Optimizer steps (iterations, batches) per second. */
    STEPS("steps_per_second");

    private final String metricName;

    ThroughputUnit(final String metricName) {
        this.metricName = metricName;
    }

    /** The metrics.jsonl key a throughput in this unit is written under. */
    public String metricName() {
        return metricName;
    }
}
