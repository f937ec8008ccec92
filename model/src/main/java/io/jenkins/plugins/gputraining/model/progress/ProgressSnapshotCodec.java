package io.jenkins.plugins.gputraining.model.progress;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and writes progress.json; the field names are the contract in docs/progress-format.md. */
final class ProgressSnapshotCodec {
    private static final Set<String> KNOWN = Set.of("format", "job_id", "name", "status", "command",
            "working_dir", "started_at", "ended_at", "updated_at", "exit_code", "exit_signal", "error", "gpus",
            "telemetry", "latest", "checkpoints");

    private ProgressSnapshotCodec() {
    }

    static ProgressSnapshot read(final byte[] content, final String file) {
        JsonNode root;
        try {
            root = ProgressJson.mapper().readTree(content);
        }
        catch (JsonProcessingException e) {
            throw new ProgressException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        catch (IOException e) {
            throw new ProgressException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ProgressException(file + " does not hold a JSON object");
        }
        ProgressFormat.requireSupported(ProgressJson.asText(root.get("format")), file);
        String runId = ProgressJson.asText(root.get("job_id"));
        if (runId == null || runId.isBlank()) {
            throw new ProgressException(file + ": missing \"job_id\"");
        }
        RunStatus status;
        try {
            status = RunStatus.fromJson(ProgressJson.asText(root.get("status")));
        }
        catch (IllegalArgumentException e) {
            throw new ProgressException(file + ": " + e.getMessage(), e);
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!KNOWN.contains(field.getKey())) {
                extra.put(field.getKey(), field.getValue());
            }
        }
        return new ProgressSnapshot(ProgressJson.asText(root.get("format")), runId,
                ProgressJson.asText(root.get("name")), status, strings(root.get("command")),
                ProgressJson.asText(root.get("working_dir")), instant(root, "started_at", file),
                instant(root, "ended_at", file), instant(root, "updated_at", file), integer(root.get("exit_code")),
                ProgressJson.asText(root.get("exit_signal")), ProgressJson.asText(root.get("error")),
                gpus(root.get("gpus")), telemetry(root.get("telemetry")), latest(root.get("latest"), file),
                checkpoints(root.get("checkpoints")), extra);
    }

    private static Instant instant(final JsonNode root, final String field, final String file) {
        String text = ProgressJson.asText(root.get(field));
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        }
        catch (DateTimeParseException e) {
            throw new ProgressException(file + ": \"" + field + "\" is not an ISO-8601 instant: " + text, e);
        }
    }

    private static Integer integer(final JsonNode node) {
        Long value = ProgressJson.asLong(node);
        return value == null ? null : value.intValue();
    }

    private static List<String> strings(final JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(element -> values.add(element.asText()));
        }
        return values;
    }

    private static List<GpuDevice> gpus(final JsonNode node) {
        List<GpuDevice> gpus = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode gpu : node) {
                Long index = ProgressJson.asLong(gpu.get("index"));
                gpus.add(new GpuDevice(index == null ? gpus.size() : index.intValue(),
                        ProgressJson.asText(gpu.get("uuid")), ProgressJson.asText(gpu.get("name")),
                        ProgressJson.asDouble(gpu.get("memory_total_mb"))));
            }
        }
        return gpus;
    }

    private static TelemetryStatus telemetry(final JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return new TelemetryStatus(node.path("available").asBoolean(false), ProgressJson.asText(node.get("reason")),
                ProgressJson.asText(node.get("driver_version")), strings(node.get("unsupported_metrics")));
    }

    private static MetricRecord latest(final JsonNode node, final String file) {
        if (node == null || !node.isObject()) {
            return null;
        }
        try (JsonParser parser = ProgressJson.mapper().treeAsTokens(node)) {
            parser.nextToken();
            return MetricRecord.parse(parser);
        }
        catch (IOException | MalformedRecordException e) {
            throw new ProgressException(file + ": \"latest\" is not a metric record: " + e.getMessage(), e);
        }
    }

    private static List<Checkpoint> checkpoints(final JsonNode node) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode checkpoint : node) {
                Double time = ProgressJson.asDouble(checkpoint.get("time"));
                checkpoints.add(new Checkpoint(ProgressJson.asText(checkpoint.get("name")),
                        ProgressJson.asText(checkpoint.get("path")), ProgressJson.asLong(checkpoint.get("step")),
                        time == null ? 0 : time, ProgressJson.asLong(checkpoint.get("size_bytes")),
                        ProgressJson.asDouble(checkpoint.get("best_metric"))));
            }
        }
        return checkpoints;
    }

    static byte[] write(final ProgressSnapshot snapshot) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator generator = ProgressJson.factory().createGenerator(out)) {
            generator.useDefaultPrettyPrinter();
            generator.writeStartObject();
            generator.writeStringField("format", snapshot.format());
            generator.writeStringField("job_id", snapshot.runId());
            nullable(generator, "name", snapshot.name());
            generator.writeStringField("status", snapshot.status().jsonName());
            generator.writeArrayFieldStart("command");
            for (String argument : snapshot.command()) {
                generator.writeString(argument);
            }
            generator.writeEndArray();
            nullable(generator, "working_dir", snapshot.workingDirectory());
            nullable(generator, "started_at", text(snapshot.startedAt()));
            nullable(generator, "ended_at", text(snapshot.endedAt()));
            nullable(generator, "updated_at", text(snapshot.updatedAt()));
            generator.writeFieldName("exit_code");
            if (snapshot.exitCode() == null) {
                generator.writeNull();
            }
            else {
                generator.writeNumber(snapshot.exitCode());
            }
            nullable(generator, "exit_signal", snapshot.exitSignal());
            nullable(generator, "error", snapshot.error());
            writeGpus(generator, snapshot.gpus());
            writeTelemetry(generator, snapshot.telemetry());
            generator.writeFieldName("latest");
            if (snapshot.latest() == null) {
                generator.writeNull();
            }
            else {
                snapshot.latest().write(generator);
            }
            writeCheckpoints(generator, snapshot.checkpoints());
            ExtraFields.write(generator, snapshot.extra());
            generator.writeEndObject();
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot serialise progress.json", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static String text(final Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static void nullable(final JsonGenerator generator, final String field, final String value)
            throws IOException {
        generator.writeFieldName(field);
        if (value == null) {
            generator.writeNull();
        }
        else {
            generator.writeString(value);
        }
    }

    private static void writeGpus(final JsonGenerator generator, final List<GpuDevice> gpus) throws IOException {
        generator.writeArrayFieldStart("gpus");
        for (GpuDevice gpu : gpus) {
            generator.writeStartObject();
            generator.writeNumberField("index", gpu.index());
            ProgressJson.writeString(generator, "uuid", gpu.uuid());
            ProgressJson.writeString(generator, "name", gpu.name());
            ProgressJson.writeNumber(generator, "memory_total_mb", gpu.memoryTotalMb());
            generator.writeEndObject();
        }
        generator.writeEndArray();
    }

    private static void writeTelemetry(final JsonGenerator generator, final TelemetryStatus telemetry)
            throws IOException {
        generator.writeObjectFieldStart("telemetry");
        generator.writeBooleanField("available", telemetry.available());
        nullable(generator, "reason", telemetry.reason());
        nullable(generator, "driver_version", telemetry.driverVersion());
        generator.writeArrayFieldStart("unsupported_metrics");
        for (String metric : telemetry.unsupportedMetrics()) {
            generator.writeString(metric);
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    private static void writeCheckpoints(final JsonGenerator generator, final List<Checkpoint> checkpoints)
            throws IOException {
        generator.writeArrayFieldStart("checkpoints");
        for (Checkpoint checkpoint : checkpoints) {
            generator.writeStartObject();
            ProgressJson.writeString(generator, "name", checkpoint.name());
            ProgressJson.writeString(generator, "path", checkpoint.path());
            ProgressJson.writeNumber(generator, "step", checkpoint.step());
            ProgressJson.writeNumber(generator, "time", checkpoint.time());
            ProgressJson.writeNumber(generator, "size_bytes", checkpoint.sizeBytes());
            ProgressJson.writeNumber(generator, "best_metric", checkpoint.bestMetric());
            generator.writeEndObject();
        }
        generator.writeEndArray();
    }
}
