package io.jenkins.plugins.gputraining.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer run in this JVM through {@link DemoTrainer#run(Map, PrintStream, PrintStream, String...)}. */
class DemoTrainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Result train(final Map<String, String> environment, final String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exitCode = DemoTrainer.run(environment, o, e, args);
        }
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs with metrics going to {@code metrics} (through the environment variable) and no sleeping. */
    private Result train(final Path metrics, final String... args) {
        List<String> all = new ArrayList<>(List.of("--step-delay-ms", "0", "--checkpoint-signal", "none"));
        all.addAll(List.of(args));
        return train(Map.of(DemoTrainer.METRICS_FILE_ENV, metrics.toString()), all.toArray(String[]::new));
    }

    private static List<JsonNode> records(final Path metrics) {
        try {
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(metrics)) {
                records.add(JSON.readTree(line));
            }
            return records;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Double> losses(final List<JsonNode> records) {
        return records.stream().map(r -> r.get("loss").asDouble()).toList();
    }

    @Test
    void theLossReallyFallsAndEveryLogEventReachesTheMetricsFile() {
        Path metrics = dir.resolve("run/metrics.jsonl");
        Result result = train(metrics, "--output-dir", dir.resolve("ckpt").toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<JsonNode> records = records(metrics);
        assertThat(records).hasSize(60);
        for (JsonNode record : records) {
            assertThat(record.fieldNames()).toIterable().contains("step", "epoch", "loss", "learning_rate", "samples",
                    "samples_per_second", "accuracy", "time");
            assertThat(record.get("samples_per_second").asDouble()).isPositive();
            assertThat(record.get("learning_rate").asDouble()).isEqualTo(0.05);
        }
        JsonNode first = records.get(0);
        JsonNode last = records.get(records.size() - 1);
        assertThat(first.get("step").asLong()).isEqualTo(10);
        assertThat(first.get("samples").asLong()).isEqualTo(320);
        assertThat(first.get("epoch").asDouble()).isCloseTo(320 / 4096.0, within(1e-4));
        assertThat(first.get("loss").asDouble()).as("initial loss near ln 3").isBetween(0.9, 1.15);
        assertThat(last.get("step").asLong()).isEqualTo(600);
        assertThat(last.get("samples").asLong()).isEqualTo(600 * 32);
        assertThat(last.get("loss").asDouble()).isLessThan(0.6 * first.get("loss").asDouble()).isLessThan(0.5);
        assertThat(last.get("accuracy").asDouble()).isGreaterThan(first.get("accuracy").asDouble() + 0.3);
        assertThat(last.get("time").asDouble()).isGreaterThanOrEqualTo(first.get("time").asDouble());

        assertThat(result.lines()).filteredOn(l -> l.startsWith("step ")).hasSize(60)
                .first().asString().matches("step 10/600  epoch 0\\.08  loss \\d\\.\\d{4}  acc \\d\\.\\d{2}  lr 0\\.05  \\d+ samples/s");
        String summary = result.lines().get(result.lines().size() - 1);
        assertThat(summary).matches("\\{'train_runtime': [\\d.]+, 'train_samples_per_second': [\\d.]+, "
                + "'train_steps_per_second': [\\d.]+, 'train_loss': 0\\.\\d+, 'epoch': 4\\.6875}");
    }

    @Test
    void writesCheckpointsWithHuggingFaceTrainerState() throws IOException {
        Path out = dir.resolve("ckpt");
        Result result = train(dir.resolve("m.jsonl"), "--steps", "250", "--output-dir", out.toString());

        assertThat(result.exitCode()).isZero();
        try (Stream<Path> children = Files.list(out)) {
            assertThat(children.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("checkpoint-100", "checkpoint-200", "checkpoint-250");
        }
        assertThat(result.lines()).contains("saved checkpoint " + out.resolve("checkpoint-100").toAbsolutePath(),
                "saved checkpoint " + out.resolve("checkpoint-250").toAbsolutePath());
        JsonNode state = JSON.readTree(out.resolve("checkpoint-200/trainer_state.json").toFile());
        assertThat(state.get("global_step").asLong()).isEqualTo(200);
        assertThat(state.get("epoch").asDouble()).isCloseTo(200 * 32 / 4096.0, within(1e-4));
        List<JsonNode> history = new ArrayList<>();
        state.get("log_history").forEach(history::add);
        assertThat(history).hasSize(DemoTrainer.LOG_HISTORY_LIMIT);
        assertThat(history.get(history.size() - 1).get("step").asLong()).isEqualTo(200);
        double bestLogged = records(dir.resolve("m.jsonl")).stream().filter(r -> r.get("step").asLong() <= 200)
                .mapToDouble(r -> r.get("loss").asDouble()).min().orElseThrow();
        assertThat(state.get("best_metric").asDouble()).isEqualTo(bestLogged);
        assertThat(out.resolve("checkpoint-200/model.bin")).isNotEmptyFile();
    }

    @Test
    void resumingContinuesTheLossTheStepsAndTheSamplesExactlyAsIfNeverStopped() {
        Path whole = dir.resolve("whole.jsonl");
        assertThat(train(whole, "--steps", "300", "--output-dir", dir.resolve("a").toString()).exitCode()).isZero();
        List<JsonNode> uninterrupted = records(whole);

        Path second = dir.resolve("second.jsonl");
        Result resumed = train(second, "--steps", "300", "--output-dir", dir.resolve("b").toString(),
                "--resume_from_checkpoint", dir.resolve("a/checkpoint-200").toString());

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resumed from checkpoint " + dir.resolve("a/checkpoint-200") + " at step 200");
        List<JsonNode> after = records(second);
        assertThat(after.get(0).get("step").asLong()).isEqualTo(210);
        assertThat(after.get(0).get("samples").asLong()).isEqualTo(210 * 32);
        double initial = uninterrupted.get(0).get("loss").asDouble();
        double lastBefore = uninterrupted.get(19).get("loss").asDouble(); // step 200
        double firstAfter = after.get(0).get("loss").asDouble();
        assertThat(firstAfter).isCloseTo(lastBefore, within(0.2 * lastBefore)).isLessThan(0.8 * initial);
        assertThat(losses(after)).as("bit for bit the uninterrupted run's steps 210..300")
                .isEqualTo(losses(uninterrupted.subList(20, 30)));
        assertThat(dir.resolve("b/checkpoint-300")).isDirectory();
        assertThat(dir.resolve("b/checkpoint-200")).doesNotExist();
    }

    @Test
    void resumingFromAnOutputDirectoryTakesItsNewestCheckpoint() {
        Path out = dir.resolve("out");
        train(dir.resolve("m1.jsonl"), "--steps", "120", "--checkpoint-every", "50", "--output-dir", out.toString());
        Result resumed = train(dir.resolve("m2.jsonl"), "--steps", "130", "--output-dir", out.toString(),
                "--resume-from-checkpoint", out.toString());
        assertThat(resumed.exitCode()).isZero();
        assertThat(resumed.out()).contains("at step 120");
        assertThat(records(dir.resolve("m2.jsonl"))).extracting(r -> r.get("step").asLong()).containsExactly(130L);
    }

    @Test
    void aControlFileAsksForACheckpointAndExit75() throws IOException {
        Path control = dir.resolve("control");
        Files.writeString(control, "  checkpoint\n");
        Path out = dir.resolve("ckpt");
        Result result = train(Map.of(DemoTrainer.CONTROL_FILE_ENV, control.toString()), "--step-delay-ms", "0",
                "--checkpoint-signal", "none", "--output-dir", out.toString());

        assertThat(result.exitCode()).isEqualTo(DemoTrainer.EXIT_CHECKPOINTED).isEqualTo(75);
        assertThat(result.lines()).contains("checkpoint requested by control file " + control,
                "checkpointed at step 1 on request; exiting");
        assertThat(control).doesNotExist();
        assertThat(out.resolve("checkpoint-1/model.bin")).isRegularFile();
        assertThat(result.out()).doesNotContain("train_runtime");
    }

    @Test
    void aControlFileWithOtherContentIsLeftAlone() throws IOException {
        Path control = dir.resolve("control");
        Files.writeString(control, "stop");
        Result result = train(Map.of(DemoTrainer.CONTROL_FILE_ENV, control.toString()), "--step-delay-ms", "0",
                "--checkpoint-signal", "none", "--steps", "20", "--output-dir", dir.resolve("c").toString());
        assertThat(result.exitCode()).isZero();
        assertThat(control).hasContent("stop");
    }

    @Test
    void failAtStepCrashesWithExitCode3AndATrace() {
        Path out = dir.resolve("ckpt");
        Result result = train(dir.resolve("m.jsonl"), "--fail-at-step", "150", "--output-dir", out.toString());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("java.lang.IllegalStateException: simulated training failure at step 150")
                .contains("\tat io.jenkins.plugins.gputraining.agent.demo.DemoTrainer");
        assertThat(records(dir.resolve("m.jsonl"))).last().satisfies(r -> assertThat(r.get("step").asLong()).isEqualTo(140));
        assertThat(out.resolve("checkpoint-100")).isDirectory();
        assertThat(out.resolve("checkpoint-150")).doesNotExist();
    }

    @Test
    void aMissingOrCorruptCheckpointExits2NamingThePath() throws IOException {
        Path missing = dir.resolve("no/such/checkpoint-5");
        Result result = train(dir.resolve("m.jsonl"), "--resume_from_checkpoint", missing.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("cannot resume from checkpoint " + missing + ": no such file or directory");

        Path corrupt = Files.createDirectories(dir.resolve("checkpoint-7"));
        Files.write(corrupt.resolve("model.bin"), "GTDEMO01 and then garbage".getBytes(StandardCharsets.US_ASCII));
        result = train(dir.resolve("m.jsonl"), "--resume_from_checkpoint", corrupt.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(corrupt.toString()).contains("corrupt or truncated");
        assertThat(dir.resolve("m.jsonl")).doesNotExist();
    }

    @Test
    void badOptionsExit2() {
        assertThat(train(Map.of(), "--steps", "0").exitCode()).isEqualTo(2);
        assertThat(train(Map.of(), "--lr", "-1").exitCode()).isEqualTo(2);
        assertThat(train(Map.of(), "--no-such-option").exitCode()).isEqualTo(2);
        assertThat(train(Map.of(), "--lr-schedule", "LINEAR", "--steps", "5", "--step-delay-ms", "0",
                "--output-dir", dir.toString()).exitCode()).isZero();
    }

    @Test
    void theLearningRateAndTheHiddenSizeShapeTheCurve() {
        double slow = finalLoss("--lr", "0.01");
        double normal = finalLoss("--lr", "0.05");
        double fast = finalLoss("--lr", "0.2");
        double narrow = finalLoss("--hidden", "8");

        assertThat(slow).isGreaterThan(0.6);
        assertThat(normal).isLessThan(slow - 0.3);
        assertThat(fast).isLessThan(normal - 0.1);
        assertThat(narrow).isGreaterThan(normal + 0.1);
    }

    private double finalLoss(final String... args) {
        Path metrics = dir.resolve("curve-" + String.join("", args) + ".jsonl");
        List<String> all = new ArrayList<>(List.of("--output-dir", dir.resolve("c" + String.join("", args)).toString(),
                "--checkpoint-every", "0"));
        all.addAll(List.of(args));
        assertThat(train(metrics, all.toArray(String[]::new)).exitCode()).isZero();
        List<Double> losses = losses(records(metrics));
        // mean of the last five log events, so one noisy batch does not decide
        return losses.subList(losses.size() - 5, losses.size()).stream().mapToDouble(Double::doubleValue).average()
                .orElseThrow();
    }
}
