package io.jenkins.plugins.gputraining.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The trainer as the agent runs it: a child JVM, asked to checkpoint by a real signal or a control file. */
class DemoTrainerProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    private Process start(final Map<String, String> environment, final String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DemoTrainer.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().remove(DemoTrainer.METRICS_FILE_ENV);
        builder.environment().remove(DemoTrainer.CONTROL_FILE_ENV);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Reads the child's output up to the first progress line, runs {@code onFirstStep}, then reads to the end. */
    private static List<String> readAll(final Process process, final ThrowingRunnable onFirstStep) throws Exception {
        List<String> lines = new ArrayList<>();
        boolean acted = false;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
                if (!acted && line.startsWith("step ")) {
                    acted = true;
                    onFirstStep.run();
                }
            }
        }
        assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("exited: " + lines).isTrue();
        return lines;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void sigusr1CheckpointsAndExits75AndTheCheckpointResumes() throws Exception {
        Path metrics = dir.resolve("metrics.jsonl");
        Process process = start(Map.of(DemoTrainer.METRICS_FILE_ENV, metrics.toString()),
                "--steps", "5000", "--step-delay-ms", "5", "--checkpoint-every", "0");
        try {
            List<String> lines = readAll(process, () -> {
                Process kill = new ProcessBuilder("kill", "-USR1", Long.toString(process.pid())).inheritIO().start();
                assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(kill.exitValue()).isZero();
            });

            assertThat(process.exitValue()).as(String.join("\n", lines)).isEqualTo(75);
            assertThat(lines).contains("checkpoint requested by SIGUSR1");
            String exitLine = lines.stream().filter(l -> l.startsWith("checkpointed at step ")).findFirst().orElseThrow();
            long step = Long.parseLong(exitLine.replaceAll("checkpointed at step (\\d+) on request; exiting", "$1"));
            assertThat(step).isBetween(10L, 4999L);
            Path checkpoint = dir.resolve("checkpoints/checkpoint-" + step);
            assertThat(lines).contains("saved checkpoint " + checkpoint.toRealPath());
            assertThat(checkpoint.resolve("model.bin")).isRegularFile();
            JsonNode state = JSON.readTree(checkpoint.resolve("trainer_state.json").toFile());
            assertThat(state.get("global_step").asLong()).isEqualTo(step);
            List<String> records = Files.readAllLines(metrics);
            assertThat(JSON.readTree(records.get(records.size() - 1)).get("step").asLong())
                    .as("the partial interval is logged before exiting").isEqualTo(step);

            Process resumed = start(Map.of(DemoTrainer.METRICS_FILE_ENV, metrics.toString()), "--steps",
                    Long.toString(step + 15), "--step-delay-ms", "0", "--resume_from_checkpoint", checkpoint.toString());
            List<String> resumedLines = readAll(resumed, () -> { });
            assertThat(resumed.exitValue()).as(String.join("\n", resumedLines)).isZero();
            assertThat(resumedLines.get(resumedLines.size() - 1)).startsWith("{'train_runtime': ");
            JsonNode last = JSON.readTree(Files.readAllLines(metrics).get(Files.readAllLines(metrics).size() - 1));
            assertThat(last.get("step").asLong()).isEqualTo(step + 15);
            assertThat(last.get("samples").asLong()).isEqualTo((step + 15) * 32);
        }
        finally {
            process.destroyForcibly();
        }
    }

    @Test
    void theControlFileFromTheEnvironmentCheckpointsAndExits75() throws Exception {
        Path control = dir.resolve("control");
        Process process = start(Map.of(DemoTrainer.CONTROL_FILE_ENV, control.toString()),
                "--steps", "5000", "--step-delay-ms", "5", "--output-dir", "out");
        try {
            List<String> lines = readAll(process, () -> Files.writeString(control, "checkpoint\n"));

            assertThat(process.exitValue()).as(String.join("\n", lines)).isEqualTo(75);
            assertThat(lines).anyMatch(l -> l.matches("checkpointed at step \\d+ on request; exiting"));
            assertThat(control).doesNotExist();
            assertThat(MlpCheckpoint.newest(dir.resolve("out"))).isPresent();
        }
        finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aCrashIsExitCode3() throws Exception {
        Process process = start(Map.of(), "--steps", "50", "--step-delay-ms", "0", "--fail-at-step", "25");
        try {
            List<String> lines = readAll(process, () -> { });
            assertThat(process.exitValue()).isEqualTo(3);
            assertThat(lines).anyMatch(l -> l.contains("simulated training failure at step 25"));
        }
        finally {
            process.destroyForcibly();
        }
    }
}
