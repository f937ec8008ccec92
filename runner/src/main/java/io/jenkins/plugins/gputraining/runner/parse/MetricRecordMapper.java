package io.jenkins.plugins.gputraining.runner.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns an {@link Observation} into the model's {@link MetricRecord}, a line of metrics.jsonl.
 *
 * <p>Other metrics become {@link DoubleNode}s; the model's writer spells NaN and infinities as strings, so the file
 * stays standard JSON.
 */
public final class MetricRecordMapper {
    /** Names the record writes itself; a metric of the same name would duplicate the JSON key. */
    private static final Set<String> RECORD_FIELDS =
            Set.of("time", "step", "epoch", "loss", "learning_rate", "samples_per_second", "samples");

    private MetricRecordMapper() {
    }

    /** The record with what was reported only. */
    public static MetricRecord toRecord(final Observation observation) {
        return toRecord(observation, Throughput.UNKNOWN);
    }

    /**
     * The record with the throughput filled in: samples/s and cumulative samples as reported, else as derived by a
     * {@link ThroughputEstimator}.
     */
    public static MetricRecord toRecord(final Observation observation, final Throughput throughput) {
        Double samplesPerSecond = observation.samplesPerSecond() != null
                ? observation.samplesPerSecond() : throughput.samplesPerSecond();
        Long samples = observation.samples() != null ? observation.samples() : throughput.samples();
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        observation.metrics().forEach((name, value) -> {
            if (!RECORD_FIELDS.contains(name)) {
                extra.put(name, DoubleNode.valueOf(value));
            }
        });
        return new MetricRecord(observation.time(), observation.step(), observation.epoch(), observation.loss(),
                observation.learningRate(), samplesPerSecond, samples, extra);
    }
}
