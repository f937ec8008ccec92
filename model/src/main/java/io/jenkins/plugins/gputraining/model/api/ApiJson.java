package io.jenkins.plugins.gputraining.model.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.series.Overlay;
import io.jenkins.plugins.gputraining.model.series.OverlayJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the training API (docs/rest-api.md), for both of the dashboard's hosts. Run analytics and the
 * summary are {@link AnalyticsJson}'s; this class writes what the API adds around them. Keys are snake_case; a value
 * that is not known, or not a finite number, is {@code null}.
 */
public final class ApiJson {
    private ApiJson() {
    }

    /** {@code GET /api/training}: {@code {"jobs": [entry…], "unreadable_runs": ["<id>: <reason>"…]}}. */
    public static String runs(final List<RunListEntry> entries, final List<String> unreadableRuns) {
        return write(generator -> {
            generator.writeStartObject();
            generator.writeArrayFieldStart("jobs");
            for (RunListEntry entry : entries) {
                writeEntry(entry, generator);
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("unreadable_runs");
            for (String problem : unreadableRuns) {
                generator.writeString(problem);
            }
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    private static void writeEntry(final RunListEntry entry, final JsonGenerator generator) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("job_id", entry.runId());
        generator.writeStringField("name", entry.name());
        generator.writeStringField("status", entry.status());
        generator.writeStringField("started_at", entry.startedAt());
        generator.writeStringField("ended_at", entry.endedAt());
        number(generator, "exit_code", entry.exitCode());
        number(generator, "duration_seconds", entry.durationSeconds());
        number(generator, "overall_score", entry.overallScore());
        number(generator, "final_loss", entry.finalLoss());
        number(generator, "best_loss", entry.bestLoss());
        number(generator, "average_samples_per_second", entry.averageSamplesPerSecond());
        number(generator, "alert_count", entry.alertCount());
        if (entry.latestStep() == null && finite(entry.latestLoss()) == null
                && finite(entry.latestSamplesPerSecond()) == null) {
            generator.writeNullField("latest");
        }
        else {
            generator.writeObjectFieldStart("latest");
            number(generator, "step", entry.latestStep());
            number(generator, "loss", entry.latestLoss());
            number(generator, "samples_per_second", entry.latestSamplesPerSecond());
            generator.writeEndObject();
        }
        generator.writeStringField("owner", entry.owner());
        number(generator, "build", entry.build());
        generator.writeStringField("build_name", entry.buildName());
        generator.writeStringField("build_result", entry.buildResult());
        generator.writeEndObject();
    }

    /**
     * {@code GET …/{id}/series} and {@code …/gpu-series}: an overlay ({@link OverlayJson}: {@code axis},
     * {@code series}) and the {@code metric} it charts.
     */
    public static String series(final Overlay overlay, final String metric) {
        return write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("metric", metric);
            OverlayJson.writeFields(overlay, generator);
            generator.writeEndObject();
        });
    }

    /**
     * {@code GET analytics/compare}: the comparison with its winners ({@link AnalyticsJson}) and, when asked for,
     * {@code curves}: the overlaid curves of one metric, as {@link #series} writes them.
     */
    public static String comparison(final Comparison comparison, final Overlay curves, final String metric) {
        ObjectNode root = (ObjectNode) AnalyticsJson.toTree(comparison);
        if (curves == null) {
            return root.toString();
        }
        // The curves (up to 20 × 10,000 points) are written once, beside the comparison's fields.
        return write(generator -> {
            generator.writeStartObject();
            for (Map.Entry<String, JsonNode> field : root.properties()) {
                generator.writeFieldName(field.getKey());
                generator.writeTree(field.getValue());
            }
            generator.writeObjectFieldStart("curves");
            generator.writeStringField("metric", metric);
            OverlayJson.writeFields(curves, generator);
            generator.writeEndObject();
            generator.writeEndObject();
        });
    }

    /** {@code POST …/{id}/pause|resume|cancel}: {@code {job_id, request_id, action, mode, outcome}}. */
    public static String control(final ControlAnswer answer) {
        return write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("job_id", answer.runId());
            generator.writeStringField("request_id", answer.requestId());
            generator.writeStringField("action", answer.action().jsonName());
            generator.writeStringField("mode", answer.mode() == null ? null : answer.mode().jsonName());
            if (answer.outcome() == null) {
                generator.writeNullField("outcome");
            }
            else {
                generator.writeObjectFieldStart("outcome");
                generator.writeBooleanField("accepted", answer.outcome().accepted());
                generator.writeStringField("event", answer.outcome().event());
                generator.writeStringField("message", answer.outcome().message());
                generator.writeEndObject();
            }
            generator.writeEndObject();
        });
    }

    /** Every refusal: {@code {"error": message}}. */
    public static String error(final String message) {
        return write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("error", message);
            generator.writeEndObject();
        });
    }

    /** A JSON document's tree, for hosts that add to a body. */
    public static JsonNode tree(final String json) {
        try {
            return AnalyticsJson.mapper().readTree(json);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void number(final JsonGenerator generator, final String field, final Number value)
            throws IOException {
        if (value == null) {
            generator.writeNullField(field);
        }
        else if (value instanceof Double d) {
            if (Double.isFinite(d)) {
                generator.writeNumberField(field, d);
            }
            else {
                generator.writeNullField(field);
            }
        }
        else {
            generator.writeNumberField(field, value.longValue());
        }
    }

    private static Double finite(final Double value) {
        return value != null && Double.isFinite(value) ? value : null;
    }

    private interface Body {
        void write(JsonGenerator generator) throws IOException;
    }

    private static String write(final Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = AnalyticsJson.mapper().getFactory().createGenerator(out)) {
            body.write(generator);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to a string", e);
        }
        return out.toString();
    }
}
