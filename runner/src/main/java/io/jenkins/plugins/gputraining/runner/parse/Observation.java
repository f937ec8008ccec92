package io.jenkins.plugins.gputraining.runner.parse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one line of the child's output, or one record of a metrics file, said about training progress.
 *
 * <p>Every field is optional because every framework reports a different subset (HuggingFace prints no step,
 * Lightning's CSV no learning rate unless asked). Values are kept as reported, NaN and infinities included: a loss
 * that went NaN is a finding, not noise.
 *
 * @param time epoch seconds: when the agent saw the line, or the record's own {@code time} when it carried one
 * @param step optimizer step
 * @param epoch (fractional) epoch
 * @param loss training loss
 * @param learningRate learning rate
 * @param samplesPerSecond throughput as reported by the trainer (never derived here, see {@link ThroughputEstimator})
 * @param samples samples processed so far, as reported
 * @param metrics every other numeric value under its reported name (eval_loss, grad_norm, train_runtime, …)
 */
public record Observation(double time, Long step, Double epoch, Double loss, Double learningRate,
                          Double samplesPerSecond, Long samples, Map<String, Double> metrics) {
    public Observation {
        if (metrics == null || metrics.isEmpty()) {
            metrics = Map.of();
        }
        else {
            metrics.forEach((name, value) -> {
                Objects.requireNonNull(name, "metric name");
                Objects.requireNonNull(value, () -> "value of metric " + name);
            });
            // insertion order is the order the trainer printed them in; keep it for readable output
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }

    /** A known field or one of {@link #metrics()} by its reported name, or {@code null}. */
    public Double metric(final String name) {
        return switch (name) {
            case "step" -> step == null ? null : step.doubleValue();
            case "epoch" -> epoch;
            case "loss" -> loss;
            case "learning_rate" -> learningRate;
            case "samples_per_second" -> samplesPerSecond;
            case "samples" -> samples == null ? null : samples.doubleValue();
            default -> metrics.get(name);
        };
    }
}
