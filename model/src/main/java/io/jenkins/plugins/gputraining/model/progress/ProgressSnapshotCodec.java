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
        return readChecked(content, file).snapshot();
    }

    /**
     * Reads progress.json. The file as a whole must be one JSON object without duplicate keys, in a supported format,
     * with a {@code job_id}, a known {@code status} and valid instants; a value that is malformed inside it (an
     * {@code exit_code} that is no 32-bit integer, a GPU or checkpoint entry that cannot be read) is read as unknown
     * and reported in {@link ProgressRead#problems()}.
     *
     * @throws ProgressException naming the file and the problem when it cannot be read at all
     */
    static ProgressRead readChecked(final byte[] content, final String file) {
        JsonNode root;
        try {
            root = ProgressJson.strictMapper().readTree(content);
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
        Problems problems = new Problems();
        ProgressSnapshot snapshot = new ProgressSnapshot(ProgressJson.asText(root.get("format")), runId,
                ProgressJson.asText(root.get("name")), status, strings(root, "command", problems),
                ProgressJson.asText(root.get("working_dir")), instant(root, "started_at", file),
                instant(root, "ended_at", file), instant(root, "updated_at", file),
                int32(root.get("exit_code"), "exit_code", problems), ProgressJson.asText(root.get("exit_signal")),
                ProgressJson.asText(root.get("error")), gpus(root.get("gpus"), problems),
                telemetry(root.get("telemetry"), problems), latest(root.get("latest"), problems),
                checkpoints(root.get("checkpoints"), problems), extra);
        return new ProgressRead(snapshot, problems.list, problems.count);
    }

    /** The malformed values found in one progress.json. */
    private static final class Problems {
        private final List<RecordProblem> list = new ArrayList<>();
        private long count;

        /** A value read as unknown. */
        void add(final String message) {
            list(message + "; read as unknown");
        }

        /** An entry of a list (a GPU, a checkpoint) left out. */
        void entry(final String message) {
            list(message + "; entry left out");
        }

        private void list(final String message) {
            count++;
            if (list.size() < ProgressRead.MAX_PROBLEMS) {
                list.add(new RecordProblem(ProgressFormat.PROGRESS_FILE, 0, message));
            }
        }
    }

    private static Instant instant(final JsonNode root, final String field, final String file) {
        String text = ProgressJson.asText(root.get(field));
        if (text == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(text);
        }
        catch (DateTimeParseException e) {
            throw new ProgressException(file + ": \"" + field + "\" is not an ISO-8601 instant: "
                    + ProgressJson.quoted(text), e);
        }
        if (instant.getEpochSecond() < 0 || instant.getEpochSecond() >= ProgressJson.MAX_EPOCH_SECONDS) {
            throw new ProgressException(file + ": \"" + field + "\" " + text + " is not between 1970 and 9999");
        }
        return instant;
    }

    /** An integer value, exactly: a fraction, a value that does not fit or a non-number is a problem. */
    private static Long integer(final JsonNode node, final String field, final Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        Long value = null;
        if (node.isIntegralNumber()) {
            value = node.canConvertToLong() ? node.longValue() : null;
        }
        else if (node.isNumber() || node.isTextual()) {
            value = ProgressJson.exactLong(node.isTextual() ? node.textValue() : node.asText());
        }
        if (value == null) {
            problems.add("\"" + field + "\" is not an integer that fits 64 bits: " + spell(node));
        }
        return value;
    }

    private static Integer int32(final JsonNode node, final String field, final Problems problems) {
        Long value = integer(node, field, problems);
        if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            problems.add("\"" + field + "\" " + value + " does not fit a 32-bit integer");
            return null;
        }
        return value == null ? null : value.intValue();
    }

    private static Long nonNegative(final JsonNode node, final String field, final Problems problems) {
        Long value = integer(node, field, problems);
        if (value != null && value < 0) {
            problems.add("\"" + field + "\" " + value + " is negative");
            return null;
        }
        return value;
    }

    /** A number within [min, max]; NaN and infinities only where {@code finiteOnly} is false. */
    private static Double number(final JsonNode node, final String field, final double min, final double max,
                                 final Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        // Boxed on both sides: a primitive branch would unbox the null of a value that is no number at all.
        Double value = node.isNumber() ? Double.valueOf(node.doubleValue())
                : node.isTextual() ? ProgressJson.parseDouble(node.textValue()) : null;
        if (value == null) {
            problems.add("\"" + field + "\" is not a number: " + spell(node));
            return null;
        }
        if (!(value >= min && value <= max)) {
            problems.add("\"" + field + "\" " + ProgressJson.spell(value) + " is outside its range "
                    + ProgressJson.spell(min) + " to " + ProgressJson.spell(max));
            return null;
        }
        return value;
    }

    private static String spell(final JsonNode node) {
        return node.isContainerNode() ? (node.isObject() ? "an object" : "an array")
                : node.isTextual() ? ProgressJson.quoted(node.textValue()) : ProgressJson.shortened(node.asText());
    }

    private static List<String> strings(final JsonNode root, final String field, final Problems problems) {
        JsonNode node = root.get(field);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            problems.add("\"" + field + "\" is not an array of strings");
            return values;
        }
        node.forEach(element -> values.add(element.asText()));
        return values;
    }

    private static List<GpuDevice> gpus(final JsonNode node, final Problems problems) {
        List<GpuDevice> gpus = new ArrayList<>();
        if (node == null || node.isNull()) {
            return gpus;
        }
        if (!node.isArray()) {
            problems.add("\"gpus\" is not an array");
            return gpus;
        }
        int position = 0;
        for (JsonNode gpu : node) {
            position++;
            if (!gpu.isObject()) {
                problems.entry("\"gpus\" entry " + position + " is not an object");
                continue;
            }
            JsonNode indexNode = gpu.get("index");
            Long index = indexNode == null || indexNode.isNull() ? Long.valueOf(gpus.size())
                    : integer(indexNode, "gpus[].index", problems);
            if (index == null || index < 0 || index > Integer.MAX_VALUE) {
                problems.entry("\"gpus\" entry " + position + " has no valid GPU index"
                        + (index == null ? "" : " (" + index + ")"));
                continue;
            }
            gpus.add(new GpuDevice(index.intValue(), ProgressJson.asText(gpu.get("uuid")),
                    ProgressJson.asText(gpu.get("name")), number(gpu.get("memory_total_mb"), "gpus[].memory_total_mb",
                            0, TelemetrySample.MAX_MEMORY_MB, problems)));
        }
        return gpus;
    }

    private static TelemetryStatus telemetry(final JsonNode node, final Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add("\"telemetry\" is not an object");
            return null;
        }
        JsonNode available = node.get("available");
        if (available != null && !available.isNull() && !available.isBoolean()) {
            problems.add("\"telemetry.available\" is not a boolean: " + spell(available));
        }
        return new TelemetryStatus(available != null && available.isBoolean() && available.booleanValue(),
                ProgressJson.asText(node.get("reason")), ProgressJson.asText(node.get("driver_version")),
                strings(node, "unsupported_metrics", problems));
    }

    private static MetricRecord latest(final JsonNode node, final Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add("\"latest\" is not a metric record");
            return null;
        }
        try (JsonParser parser = ProgressJson.mapper().treeAsTokens(node)) {
            parser.nextToken();
            return MetricRecord.parse(parser, message -> problems.add("\"latest\": " + message));
        }
        catch (IOException | MalformedRecordException e) {
            problems.add("\"latest\" is not a metric record: " + e.getMessage());
            return null;
        }
    }

    private static List<Checkpoint> checkpoints(final JsonNode node, final Problems problems) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        if (node == null || node.isNull()) {
            return checkpoints;
        }
        if (!node.isArray()) {
            problems.add("\"checkpoints\" is not an array");
            return checkpoints;
        }
        int position = 0;
        for (JsonNode checkpoint : node) {
            position++;
            if (!checkpoint.isObject()) {
                problems.entry("checkpoint " + position + " is not an object");
                continue;
            }
            String path = ProgressJson.asText(checkpoint.get("path"));
            String name = ProgressJson.asText(checkpoint.get("name"));
            if (name == null || name.isBlank()) {
                name = lastSegment(path);
            }
            if (name == null) {
                problems.entry("checkpoint " + position + " has neither a \"name\" nor a \"path\"");
                continue;
            }
            Double time = number(checkpoint.get("time"), "checkpoints[].time", 0, ProgressJson.MAX_EPOCH_SECONDS,
                    problems);
            checkpoints.add(new Checkpoint(name, path, nonNegative(checkpoint.get("step"), "checkpoints[].step",
                    problems), time == null ? Double.NaN : time, nonNegative(checkpoint.get("size_bytes"),
                    "checkpoints[].size_bytes", problems), number(checkpoint.get("best_metric"),
                    "checkpoints[].best_metric", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, problems)));
        }
        return checkpoints;
    }

    /** The last segment of a path as written ({@code out/checkpoint-500} → {@code checkpoint-500}), or null. */
    private static String lastSegment(final String path) {
        if (path == null) {
            return null;
        }
        String trimmed = path.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        String segment = trimmed.substring(slash + 1);
        return segment.isBlank() ? null : segment;
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
