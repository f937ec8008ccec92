package io.jenkins.plugins.gputraining.model.progress;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/**
 * One training log event, a line of metrics.jsonl.
 *
 * @param time epoch seconds when the agent saw the event
 * @param step optimizer step, when known
 * @param epoch (fractional) epoch, when known
 * @param loss training loss; may be NaN or infinite, as the trainer reported it
 * @param learningRate learning rate
 * @param samplesPerSecond throughput reported by the trainer
 * @param samples samples processed so far (cumulative)
 * @param extra every other field (eval_loss, grad_norm, …), kept as written
 */
public record MetricRecord(double time, Long step, Double epoch, Double loss, Double learningRate,
                           Double samplesPerSecond, Long samples, Map<String, JsonNode> extra) {
    public MetricRecord {
        extra = ExtraFields.copy(extra);
    }

    /** A record with a step and a loss only. */
    public static MetricRecord of(final double time, final long step, final double loss) {
        return new MetricRecord(time, step, null, loss, null, null, null, Map.of());
    }

    /** Another numeric metric by name (a known one or one of {@link #extra()}), or {@code null}. */
    public Double metric(final String name) {
        return switch (name) {
            case "loss" -> loss;
            case "learning_rate" -> learningRate;
            case "samples_per_second" -> samplesPerSecond;
            case "epoch" -> epoch;
            case "step" -> step == null ? null : step.doubleValue();
            case "samples" -> samples == null ? null : samples.doubleValue();
            default -> ProgressJson.asDouble(extra.get(name));
        };
    }

    static MetricRecord parse(final JsonParser parser, final SkippedValues skipped)
            throws IOException, MalformedRecordException {
        Double time = null;
        Long step = null;
        Long samples = null;
        Double epoch = null;
        Double loss = null;
        Double learningRate = null;
        Double samplesPerSecond = null;
        ExtraFields extra = new ExtraFields();
        int seen = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "time" -> {
                    seen = ProgressJson.once(seen, 1, name);
                    time = ProgressJson.time(parser);
                }
                case "step" -> {
                    seen = ProgressJson.once(seen, 2, name);
                    step = ProgressJson.integer(parser, name);
                }
                case "epoch" -> {
                    seen = ProgressJson.once(seen, 4, name);
                    epoch = ProgressJson.number(parser, name);
                }
                case "loss" -> {
                    seen = ProgressJson.once(seen, 8, name);
                    loss = ProgressJson.number(parser, name);
                }
                case "learning_rate" -> {
                    seen = ProgressJson.once(seen, 16, name);
                    learningRate = ProgressJson.number(parser, name);
                }
                case "samples_per_second" -> {
                    seen = ProgressJson.once(seen, 32, name);
                    samplesPerSecond = ProgressJson.number(parser, name);
                }
                case "samples" -> {
                    seen = ProgressJson.once(seen, 64, name);
                    samples = ProgressJson.integer(parser, name);
                }
                default -> extra.read(name, parser);
            }
        }
        if (time == null) {
            throw new MalformedRecordException("metric record without a numeric \"time\"");
        }
        step = skipped.nonNegative(step, "step");
        samples = skipped.nonNegative(samples, "samples");
        samplesPerSecond = skipped.inRange(samplesPerSecond, "samples_per_second", 0, Double.MAX_VALUE);
        return new MetricRecord(time, step, epoch, loss, learningRate, samplesPerSecond, samples, extra.toMap());
    }

    void write(final JsonGenerator generator) throws IOException {
        generator.writeStartObject();
        ProgressJson.writeNumber(generator, "time", time);
        ProgressJson.writeNumber(generator, "step", step);
        ProgressJson.writeNumber(generator, "epoch", epoch);
        ProgressJson.writeNumber(generator, "loss", loss);
        ProgressJson.writeNumber(generator, "learning_rate", learningRate);
        ProgressJson.writeNumber(generator, "samples_per_second", samplesPerSecond);
        ProgressJson.writeNumber(generator, "samples", samples);
        ExtraFields.write(generator, extra);
        generator.writeEndObject();
    }
}
