package io.jenkins.plugins.gputraining.runner.parse;

/** What a throughput counts per second. */
public enum ThroughputUnit {
    /** Training samples (examples, images, sequences) per second. */
    SAMPLES("samples/s", "samples_per_second"),
    /** Tokens per second. */
    TOKENS("tokens/s", "tokens_per_second"),
    /** Optimizer steps (iterations, batches) per second. */
    STEPS("steps/s", "steps_per_second");

    private final String symbol;
    private final String metricName;

    ThroughputUnit(final String symbol, final String metricName) {
        this.symbol = symbol;
        this.metricName = metricName;
    }

    /** {@code samples/s}, {@code tokens/s}, {@code steps/s}: how the analytics name the unit. */
    public String symbol() {
        return symbol;
    }

    /** The metrics.jsonl key a throughput in this unit is written under. */
    public String metricName() {
        return metricName;
    }
}
