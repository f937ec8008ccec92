package io.jenkins.plugins.gputraining.model.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writer writes conforms to the JSON Schemas published in docs/schema (and shipped in the jar). */
class SchemaConformanceTest {
    private static final String BASE = "https://gpu-training.jenkins.io/schema/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(id -> id.startsWith(BASE) ? load(id.substring(BASE.length())) : null));

    @TempDir
    Path root;

    private static String load(final String name) {
        try (InputStream in = SchemaConformanceTest.class.getResourceAsStream("schema/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema schema(final String name) {
        return REGISTRY.getSchema(SchemaLocation.of(BASE + name));
    }

    @Test
    void everyFileOfAWrittenRunDirectoryConforms() throws IOException {
        RunDirectory run = RunFixture.run(root, "full")
                .metric(1, 1L, 2.0, 10.0, 32L)
                .loss(2, 2, Double.NaN)
                .loss(3, 3, Double.POSITIVE_INFINITY)
                .gpu(1, 0, 97, 512, 61, 350, b -> b.energyMillijoules(1_000L).smClockMhz(1980.0)
                        .memoryClockMhz(2619.0).clockEventReasons(List.of("sw_power_cap")).pcieRxKbps(12.0)
                        .pcieTxKbps(3.0).eccCorrected(0L).eccUncorrected(0L).processMemoryMb(300.0)
                        .memoryUtilizationPercent(40.0))
                .checkpoint(2, "checkpoint-2", 2)
                .event(2, "paused")
                .event(3, "resumed")
                .endedAt(4)
                .write();
        try (RunWriter writer = RunWriter.open(run.path())) {
            writer.appendEvent(LifecycleEvent.of(RunFixture.T0 + 4, LifecycleEvent.EXITED, "exited with code 0")
                    .with("exit_code", 0));
        }

        assertThat(errors("progress.schema.json", JSON.readTree(run.file("progress.json").toFile()))).isEmpty();
        assertLinesConform(run.file("metrics.jsonl"), "metric-record.schema.json", 3);
        assertLinesConform(run.file("telemetry.jsonl"), "telemetry-sample.schema.json", 1);
        assertLinesConform(run.file("events.jsonl"), "lifecycle-event.schema.json", 5);
    }

    @Test
    void anInterruptedRunConforms() throws IOException {
        RunDirectory run = RunFixture.run(root, "killed").status(RunStatus.INTERRUPTED, null).endedAt(3).write();

        assertThat(errors("progress.schema.json", JSON.readTree(run.file("progress.json").toFile()))).isEmpty();
    }

    @Test
    void aRunningRunWithoutTelemetryConforms() throws IOException {
        RunDirectory run = RunFixture.run(root, "cpu").withoutGpu("no NVIDIA driver")
                .status(RunStatus.RUNNING, null).write();

        assertThat(errors("progress.schema.json", JSON.readTree(run.file("progress.json").toFile()))).isEmpty();
    }

    @Test
    void theSchemasRejectWhatReadersWouldReject() throws IOException {
        JsonNode progress = JSON.readTree("""
                {"format": "gpu-training/progress@2", "job_id": "", "status": "exploded"}""");
        JsonNode metric = JSON.readTree("{\"step\": 1, \"loss\": \"lots\"}");
        JsonNode sample = JSON.readTree("{\"time\": 1, \"gpu\": 0, \"utilization_percent\": 140}");

        assertThat(errors("progress.schema.json", progress)).isNotEmpty();
        assertThat(errors("metric-record.schema.json", metric)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(errors("telemetry-sample.schema.json", sample)).hasSize(1);
        assertThat(errors("telemetry-sample.schema.json",
                ((com.fasterxml.jackson.databind.node.ObjectNode) sample).set("utilization_percent", IntNode.valueOf(99))))
                .isEmpty();
    }

    private static void assertLinesConform(final Path file, final String schema, final int expectedLines)
            throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(expectedLines);
        for (String line : lines) {
            assertThat(errors(schema, JSON.readTree(line))).as(line).isEmpty();
        }
    }

    private static List<String> errors(final String schema, final JsonNode node) {
        return schema(schema).validate(node).stream().map(Error::toString).toList();
    }

}
