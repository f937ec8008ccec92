package io.jenkins.plugins.gputraining.model.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path root;

    @Test
    void readsBackEverythingTheWriterWrote() {
        RunDirectory run = RunFixture.run(root, "a1")
                .metric(10, 5L, 2.5, 100.0, 320L)
                .gpu(10, 0, 97, 512, 61, 350, b -> b.energyMillijoules(1000L).clockEventReasons(List.of("sw_power_cap")))
                .checkpoint(20, "checkpoint-5", 5)
                .endedAt(30)
                .write();

        ProgressSnapshot progress = run.readProgress();
        assertThat(progress.format()).isEqualTo(ProgressFormat.FORMAT);
        assertThat(progress.runId()).isEqualTo("a1");
        assertThat(progress.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(progress.startedAt()).isEqualTo(RunFixture.at(0));
        assertThat(progress.endedAt()).isEqualTo(RunFixture.at(30));
        assertThat(progress.exitCode()).isZero();
        assertThat(progress.gpus()).containsExactly(new GpuDevice(0, "GPU-0", "NVIDIA H200", 143771.0));
        assertThat(progress.telemetry().available()).isTrue();
        assertThat(progress.latest().loss()).isEqualTo(2.5);
        assertThat(progress.checkpoints()).extracting(Checkpoint::name, Checkpoint::step)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("checkpoint-5", 5L));

        List<MetricRecord> metrics = new ArrayList<>();
        assertThat(run.readMetrics(metrics::add).hasProblems()).isFalse();
        assertThat(metrics).singleElement().satisfies(metric -> {
            assertThat(metric.time()).isEqualTo(RunFixture.T0 + 10);
            assertThat(metric.step()).isEqualTo(5L);
            assertThat(metric.samplesPerSecond()).isEqualTo(100.0);
            assertThat(metric.samples()).isEqualTo(320L);
        });
        List<TelemetrySample> samples = new ArrayList<>();
        run.readTelemetry(samples::add);
        assertThat(samples).singleElement().satisfies(sample -> {
            assertThat(sample.utilizationPercent()).isEqualTo(97.0);
            assertThat(sample.energyMillijoules()).isEqualTo(1000L);
            assertThat(sample.clockEventReasons()).containsExactly("sw_power_cap");
            assertThat(sample.smClockMhz()).as("unsupported metrics stay null, not 0").isNull();
        });
        assertThat(run.events()).extracting(LifecycleEvent::event).containsExactly("started", "checkpoint");
        assertThat(run.events().get(1).detail("name")).isEqualTo("checkpoint-5");
    }

    @Test
    void keepsUnknownFieldsOfProgressAndRecords() throws IOException {
        Path dir = root.resolve("future");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("progress.json"), """
                {"format": "gpu-training/progress@1.4", "job_id": "f", "status": "running",
                 "started_at": "2026-01-01T00:00:00Z", "cluster": {"name": "dgx-7"}}
                """);
        Files.writeString(dir.resolve("metrics.jsonl"), """
                {"time": 1.5, "step": 3, "loss": 0.25, "eval_accuracy": 0.91, "phase": "warmup"}
                """);
        RunDirectory run = RunDirectory.at(dir);

        ProgressSnapshot progress = run.readProgress();
        assertThat(progress.extra()).containsKey("cluster");
        List<MetricRecord> metrics = new ArrayList<>();
        run.readMetrics(metrics::add);
        assertThat(metrics.get(0).metric("eval_accuracy")).isEqualTo(0.91);
        assertThat(metrics.get(0).extra()).containsEntry("phase", new TextNode("warmup"));

        try (RunWriter writer = RunWriter.open(root.resolve("copy"))) {
            writer.writeProgress(progress);
            writer.appendMetric(metrics.get(0));
        }
        assertThat(Files.readString(root.resolve("copy/progress.json"))).contains("\"cluster\"", "dgx-7");
        assertThat(Files.readString(root.resolve("copy/metrics.jsonl")))
                .contains("\"eval_accuracy\":0.91", "\"phase\":\"warmup\"");
    }

    @Test
    void refusesANewerMajorFormatWithAClearMessage() throws IOException {
        Path dir = root.resolve("v2");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("progress.json"),
                "{\"format\": \"gpu-training/progress@2\", \"job_id\": \"x\", \"status\": \"running\"}");

        assertThatThrownBy(() -> RunDirectory.at(dir).readProgress())
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("gpu-training/progress@2")
                .hasMessageContaining("upgrade");
    }

    @Test
    void namesWhatIsWrongWithABrokenProgressFile() throws IOException {
        Path dir = root.resolve("broken");
        Files.createDirectories(dir);

        assertThatThrownBy(() -> RunDirectory.at(dir).readProgress())
                .isInstanceOf(ProgressException.class).hasMessageContaining("not a run directory");

        Files.writeString(dir.resolve("progress.json"), "{\"format\": \"gpu-training/progress@1\", \"job_id\": ");
        assertThatThrownBy(() -> RunDirectory.at(dir).readProgress())
                .isInstanceOf(ProgressException.class).hasMessageContaining("progress.json is not valid JSON");

        Files.writeString(dir.resolve("progress.json"),
                "{\"format\": \"gpu-training/progress@1\", \"job_id\": \"b\", \"status\": \"exploded\"}");
        assertThatThrownBy(() -> RunDirectory.at(dir).readProgress())
                .isInstanceOf(ProgressException.class).hasMessageContaining("unknown status \"exploded\"");
    }

    @Test
    void aGpuMemoryThatIsNoNumberAtAllIsReadAsUnknownAndReported() throws IOException {
        // Found by RunReadersFuzzTest: a boolean or an object where a number belongs ended in a NullPointerException.
        Path dir = root.resolve("odd-memory");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("progress.json"), "{\"format\": \"gpu-training/progress@1\", \"job_id\": \"m\", "
                + "\"status\": \"running\", \"gpus\": [{\"index\": 0, \"memory_total_mb\": true}, "
                + "{\"index\": 1, \"memory_total_mb\": {\"mb\": 1}}]}");

        ProgressRead read = RunDirectory.at(dir).readProgressChecked();

        assertThat(read.snapshot().gpus()).hasSize(2).allSatisfy(gpu -> assertThat(gpu.memoryTotalMb()).isNull());
        assertThat(read.problems()).extracting(Object::toString).hasSize(2)
                .allSatisfy(problem -> assertThat(problem).contains("\"gpus[].memory_total_mb\" is not a number"));
    }

    @Test
    void reportsMalformedLinesWithTheirLineNumberAndKeepsTheRest() throws IOException {
        Path dir = root.resolve("messy");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("metrics.jsonl"), String.join("\n",
                "{\"time\": 1, \"step\": 1, \"loss\": 2.0}",
                "this is not json",
                "",
                "{\"step\": 3, \"loss\": 1.0}",
                "[1, 2]",
                "{\"time\": 4, \"step\": 4, \"loss\": NaN}",
                "{\"time\": 5, \"step\": \"5\", \"loss\": \"0.75\", \"samples_per_second\": \"inf\"}\r",
                "{\"time\": 6, \"step\": 6, \"lo"));

        List<MetricRecord> metrics = new ArrayList<>();
        ReadResult result = RunDirectory.at(dir).readMetrics(metrics::add);

        assertThat(metrics).extracting(MetricRecord::step).containsExactly(1L, 4L, 5L);
        assertThat(metrics.get(1).loss()).isNaN();
        assertThat(metrics.get(2).loss()).isEqualTo(0.75);
        assertThat(metrics.get(2).samplesPerSecond()).as("an infinite throughput is out of range").isNull();
        assertThat(result.records()).isEqualTo(3);
        assertThat(result.problemCount()).isEqualTo(3);
        assertThat(result.skippedValues()).isEqualTo(1);
        assertThat(result.problems()).extracting(RecordProblem::line).containsExactly(2L, 4L, 5L, 7L);
        assertThat(result.problems().get(3).toString()).isEqualTo("metrics.jsonl:7: \"samples_per_second\" Infinity "
                + "is outside its range 0 to 1.7976931348623157E308; value left out");
        assertThat(result.problems().get(1).toString()).isEqualTo("metrics.jsonl:4: metric record without a numeric \"time\"");
        assertThat(result.truncatedTail()).as("the cut-off last line is skipped, not an error").isTrue();
    }

    @Test
    void aMissingJsonlFileIsEmpty() {
        ReadResult result = RunDirectory.at(root).readTelemetry(sample -> { });

        assertThat(result.records()).isZero();
        assertThat(result.hasProblems()).isFalse();
    }

    @Test
    void appendingAfterACrashMidLineStartsANewLine() throws IOException {
        Path dir = root.resolve("crashed");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"time\": 1, \"step\": 1, \"loss\": 2.0}\n{\"time\": 2, \"st");

        try (RunWriter writer = RunWriter.open(dir)) {
            writer.appendMetric(MetricRecord.of(3, 3, 1.5));
        }
        List<MetricRecord> metrics = new ArrayList<>();
        ReadResult result = RunDirectory.at(dir).readMetrics(metrics::add);

        assertThat(metrics).extracting(MetricRecord::step).containsExactly(1L, 3L);
        assertThat(result.problems()).extracting(RecordProblem::line).containsExactly(2L);
    }

    @Test
    void writesNonFiniteNumbersAsStandardJson() throws IOException {
        try (RunWriter writer = RunWriter.open(root)) {
            writer.appendMetric(new MetricRecord(1, 1L, null, Double.NaN, null, Double.NEGATIVE_INFINITY, null, Map.of()));
        }
        String line = Files.readString(root.resolve("metrics.jsonl"), StandardCharsets.UTF_8);

        assertThat(line).isEqualTo("{\"time\":1,\"step\":1,\"loss\":\"NaN\",\"samples_per_second\":\"-Infinity\"}\n");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("loss").asText()).isEqualTo("NaN");
    }

    @Test
    void progressIsReplacedAtomicallySoAConcurrentReaderAlwaysFindsAWholeSnapshot() throws Exception {
        RunFixture fixture = RunFixture.run(root, "live").status(RunStatus.RUNNING, null);
        RunDirectory run = fixture.write();
        List<Throwable> failures = new ArrayList<>();
        Thread reader = new Thread(() -> {
            for (int i = 0; i < 2000; i++) {
                try {
                    run.readProgress();
                }
                catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        });
        reader.start();
        try (RunWriter writer = RunWriter.open(run.path())) {
            ProgressSnapshot.Builder snapshot = fixture.snapshot().toBuilder();
            for (int step = 0; step < 500; step++) {
                writer.writeProgress(snapshot.latest(MetricRecord.of(step, step, 1.0 / (step + 1)))
                        .name("x".repeat(step % 97)).build());
            }
        }
        reader.join();

        assertThat(failures).isEmpty();
        assertThat(run.readProgress().latest().step()).isEqualTo(499L);
        try (var files = Files.list(run.path())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary file is left behind")
                    .containsExactlyInAnyOrder("progress.json", "metrics.jsonl", "telemetry.jsonl", "events.jsonl");
        }
    }

    @Test
    void listsTheRunDirectoriesUnderARoot() throws IOException {
        RunFixture.run(root, "b").write();
        RunFixture.run(root, "a").write();
        Files.createDirectories(root.resolve("not-a-run"));

        assertThat(RunDirectory.list(root)).extracting(run -> run.path().getFileName().toString())
                .containsExactly("a", "b");
        assertThatThrownBy(() -> RunDirectory.list(root.resolve("missing")))
                .isInstanceOf(ProgressException.class).hasMessageContaining("no such directory");
    }
}
