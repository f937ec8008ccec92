package io.jenkins.plugins.gputraining.runner.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gputraining.model.progress.ProgressJson;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A line that is one JSON object: {@code {"step": 10, "loss": 0.5, "samples": 640}}.
 *
 * <p>Known names map onto the observation's fields ({@code step}, {@code epoch}, {@code loss},
 * {@code learning_rate} or {@code lr}, {@code samples}, {@code samples_per_second}, and {@code time} when it holds
 * epoch seconds); every other numeric value goes to its metrics. Numbers may be written as strings, and as
 * {@code NaN}/{@code Infinity} the way Python's json module writes them. Non-numeric values are ignored.
 */
public final class JsonLineParser implements ProgressParser {
    private final boolean requireTrainingLog;

    /** For stdout, where other JSON (structured logs) appears too: only objects that look like training progress. */
    public JsonLineParser() {
        this(true);
    }

    private JsonLineParser(final boolean requireTrainingLog) {
        this.requireTrainingLog = requireTrainingLog;
    }

    /** For a metrics file, which exists to carry progress: any object with a number is a record. */
    static JsonLineParser forMetricsFile() {
        return new JsonLineParser(false);
    }

    @Override
    public Optional<Observation> parse(final String line, final double time) {
        String trimmed = line.strip();
        if (trimmed.length() < 2 || trimmed.charAt(0) != '{' || trimmed.charAt(trimmed.length() - 1) != '}') {
            return Optional.empty();
        }
        JsonNode tree;
        try {
            tree = ProgressJson.mapper().readTree(trimmed);
        }
        catch (JsonProcessingException e) {
            return Optional.empty(); // a line that merely looks like JSON
        }
        if (tree == null || !tree.isObject()) {
            return Optional.empty();
        }
        ObservationBuilder builder = new ObservationBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> fields = tree.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            Double value = number(field.getValue());
            if (value != null) {
                builder.put(field.getKey(), value);
            }
        }
        return builder.build(time, requireTrainingLog);
    }

    private static Double number(final JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.isTextual() ? ProgressJson.parseDouble(node.textValue()) : null;
    }
}
