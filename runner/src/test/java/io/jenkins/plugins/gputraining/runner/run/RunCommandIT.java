package io.jenkins.plugins.gputraining.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.runner.AgentProcess;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.ReadResult;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} with real child processes: shell scripts standing in for trainers, and python3 where it exists. */
class RunCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private Path script(final String name, final String body) throws IOException {
        Path script = work.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static List<MetricRecord> metrics(final RunDirectory run) {
        List<MetricRecord> records = new ArrayList<>();
        ReadResult result = run.readMetrics(records::add);
        assertThat(result.hasProblems()).as("metrics.jsonl problems: %s", result.problems()).isFalse();
        return records;
    }

    @Test
    void recordsAScriptThatPrintsJsonLinesAndSavesACheckpoint() throws Exception {
        script("train.sh", """
                for i in 1 2 3 4 5 6; do
                  echo "{\\"step\\": $((i*10)), \\"loss\\": $((12 - i)).5, \\"samples\\": $((i*320))}"
                  printf 'epoch 1:  10%%\\repoch 1:  50%%\\repoch 1: 100%%\\n'
                  sleep 0.1
                done
                mkdir -p out/checkpoint-60
                echo '{"global_step": 60, "best_metric": 6.5}' > out/checkpoint-60/trainer_state.json
                echo "{'train_runtime': 0.9, 'train_samples_per_second': 2133.3, 'train_loss': 8.5}"
                """);

        AgentProcess agent = AgentProcess.run(work, "run", "--out", "runs/first", "--name", "first try", "--",
                "./train.sh");

        assertThat(agent.exitCode()).as(agent.stderrText()).isZero();
        RunDirectory run = RunDirectory.at(work.resolve("runs/first"));
        ProgressSnapshot progress = run.readProgress();
        assertThat(progress.runId()).isEqualTo("first");
        assertThat(progress.name()).isEqualTo("first try");
        assertThat(progress.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(progress.exitCode()).isZero();
        assertThat(progress.endedAt()).isAfterOrEqualTo(progress.startedAt());
        assertThat(progress.command()).containsExactly("./train.sh");
        assertThat(progress.checkpoints()).singleElement().satisfies(checkpoint -> {
            assertThat(checkpoint.name()).isEqualTo("checkpoint-60");
            assertThat(checkpoint.path()).isEqualTo("out/checkpoint-60");
            assertThat(checkpoint.step()).isEqualTo(60L);
            assertThat(checkpoint.bestMetric()).isEqualTo(6.5);
        });

        List<MetricRecord> metrics = metrics(run);
        assertThat(metrics).extracting(MetricRecord::step).containsExactly(10L, 20L, 30L, 40L, 50L, 60L, null);
        assertThat(metrics).extracting(MetricRecord::loss).containsExactly(11.5, 10.5, 9.5, 8.5, 7.5, 6.5, null);
        assertThat(metrics.get(5).samplesPerSecond()).as("derived from the sample counts").isPositive();
        assertThat(metrics.get(6).metric("train_samples_per_second")).isEqualTo(2133.3);

        String log = Files.readString(run.file("output.log"));
        assertThat(log).as("the training's own bytes, every frame of its progress bars kept")
                .contains("epoch 1:  10%\repoch 1:  50%\repoch 1: 100%\n");
        assertThat(java.util.Arrays.stream(log.split("\n")).filter(line -> line.startsWith("epoch 1:"))).hasSize(6);
        assertThat(agent.stderrText()).as("the console shows a bar's last frame")
                .contains("epoch 1: 100%").doesNotContain("epoch 1:  50%");
        assertThat(run.events()).extracting(LifecycleEvent::event).containsExactly("started", "checkpoint", "exited");

        JsonNode analytics = JSON.readTree(agent.stdoutText());
        assertThat(analytics.get("status").asText()).isEqualTo("completed");
        assertThat(analytics.at("/losses/initial").asDouble()).isEqualTo(11.5);
        assertThat(analytics.at("/checkpoints/count").asInt()).isEqualTo(1);
        assertThat(agent.stderrText()).contains("[gpu-training] run first", "checkpoint out/checkpoint-60 (step 60)");
    }

    @Test
    void followsTheMetricsFileTheAgentNamesAndDrainsItAtTheEnd() throws Exception {
        script("train.sh", """
                echo "starting"
                for i in 1 2 3; do echo "{\\"step\\": $i, \\"loss\\": 0.$i}" >> "$GPU_TRAINING_METRICS_FILE"; done
                echo "step 3 printed for people, with {\\"loss\\": 99} in it"
                """);

        AgentProcess agent = AgentProcess.run(work, "run", "--out", "runs/file", "--", "./train.sh");

        assertThat(agent.exitCode()).as(agent.stderrText()).isZero();
        RunDirectory run = RunDirectory.at(work.resolve("runs/file"));
        assertThat(metrics(run)).extracting(MetricRecord::loss).containsExactly(0.1, 0.2, 0.3);
        assertThat(run.file(RunSupervisor.TRAINER_METRICS_FILE)).exists();
    }

    @Test
    void aCrashLeavesTheRunFailedWithTheExitCodeAndKeepsWhatWasRecorded() throws Exception {
        script("train.sh", """
                echo '{"step": 1, "loss": 2.0}'
                echo 'Traceback (most recent call last): RuntimeError: CUDA out of memory' >&2
                exit 3
                """);

        AgentProcess agent = AgentProcess.run(work, "run", "--out", "runs/crash", "--", "./train.sh");

        assertThat(agent.exitCode()).isEqualTo(3);
        RunDirectory run = RunDirectory.at(work.resolve("runs/crash"));
        ProgressSnapshot progress = run.readProgress();
        assertThat(progress.status()).isEqualTo(RunStatus.FAILED);
        assertThat(progress.exitCode()).isEqualTo(3);
        assertThat(progress.exitSignal()).isNull();
        assertThat(progress.error()).isEqualTo("training command exited with code 3");
        assertThat(metrics(run)).extracting(MetricRecord::loss).containsExactly(2.0);
        assertThat(Files.readString(run.file("output.log"))).contains("CUDA out of memory");
        assertThat(run.events()).extracting(LifecycleEvent::event).containsExactly("started", "exited", "error");
    }

    @Test
    void aKilledChildLeavesTheRunFailedWithTheSignal() throws Exception {
        script("train.sh", "echo '{\"step\": 1, \"loss\": 2.0}'\nkill -KILL $$\n");

        AgentProcess agent = AgentProcess.run(work, "run", "--out", "runs/killed", "--", "./train.sh");

        assertThat(agent.exitCode()).isEqualTo(137);
        ProgressSnapshot progress = RunDirectory.at(work.resolve("runs/killed")).readProgress();
        assertThat(progress.status()).isEqualTo(RunStatus.FAILED);
        assertThat(progress.exitSignal()).isEqualTo("SIGKILL");
        assertThat(progress.error()).isEqualTo("training command was killed by SIGKILL");
    }

    @Test
    void sigtermToTheAgentStopsTheWholeTreeAndMarksTheRunCancelled() throws Exception {
        script("train.sh", """
                sleep 600 &
                echo $! > grandchild.pid
                i=0
                while true; do i=$((i+1)); echo "{\\"step\\": $i, \\"loss\\": 1.0}"; sleep 0.1; done
                """);
        AgentProcess agent = AgentProcess.start(work, "run", "--out", "runs/cancelled", "--", "./train.sh");
        Path progressFile = work.resolve("runs/cancelled/progress.json");
        for (int i = 0; i < 300 && !(Files.exists(work.resolve("grandchild.pid")) && Files.exists(progressFile)); i++) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        long grandchild = Long.parseLong(Files.readString(work.resolve("grandchild.pid")).trim());

        agent.terminate();
        int exitCode = agent.waitFor();

        assertThat(exitCode).as("JVM exit status after SIGTERM").isEqualTo(143);
        RunDirectory run = RunDirectory.at(work.resolve("runs/cancelled"));
        ProgressSnapshot progress = run.readProgress();
        assertThat(progress.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(progress.endedAt()).isNotNull();
        assertThat(metrics(run)).isNotEmpty();
        assertThat(run.events()).extracting(LifecycleEvent::event).endsWith("exited");
        Thread.sleep(200);
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false)
                && io.jenkins.plugins.gputraining.runner.process.ProcessTree.state(grandchild) != 'Z')
                .as("the grandchild is stopped too").isFalse();
    }

    @Test
    void aCommandThatCannotStartFailsTheRunWithTheReason() throws Exception {
        AgentProcess agent = AgentProcess.run(work, "run", "--out", "runs/missing", "--", "no-such-trainer", "--lr", "1");

        assertThat(agent.exitCode()).isEqualTo(127);
        ProgressSnapshot progress = RunDirectory.at(work.resolve("runs/missing")).readProgress();
        assertThat(progress.status()).isEqualTo(RunStatus.FAILED);
        assertThat(progress.error()).contains("cannot start no-such-trainer", "not found on the PATH");
        assertThat(agent.stderrText()).contains("cannot start no-such-trainer");
    }

    @Test
    void refusesToOverwriteAnExistingRun() throws Exception {
        script("train.sh", "echo hi\n");
        assertThat(AgentProcess.run(work, "run", "--out", "runs/once", "--", "./train.sh").exitCode()).isZero();

        AgentProcess again = AgentProcess.run(work, "run", "--out", "runs/once", "--", "./train.sh");

        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.stderrText()).contains("already holds a run");
        assertThat(RunDirectory.at(work.resolve("runs/once")).readProgress().status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void recordsThatThereIsNoGpuDriverAndTrainsAnyway() throws Exception {
        assumeThat(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1"))
                || Files.exists(Path.of("/usr/local/nvidia/lib64/libnvidia-ml.so.1")))
                .as("a machine without the NVIDIA driver").isFalse();
        script("train.sh", "echo '{\"step\": 1, \"loss\": 1.0}'\n");

        AgentProcess agent = AgentProcess.run(work, "run", "--out", "runs/cpu", "--", "./train.sh");

        assertThat(agent.exitCode()).isZero();
        ProgressSnapshot progress = RunDirectory.at(work.resolve("runs/cpu")).readProgress();
        assertThat(progress.telemetry().available()).isFalse();
        assertThat(progress.telemetry().reason()).contains("libnvidia-ml.so.1");
        assertThat(agent.stderrText()).contains("GPU telemetry unavailable");
    }

    @Test
    void readsAnyOutputWithANamedGroupRegex() throws Exception {
        script("train.sh", "echo 'it 5 | loss=0.75 | 120.5 img/s'\necho 'it 6 | loss=0.70 | 121.0 img/s'\n");

        AgentProcess agent = AgentProcess.run(work, "run", "--out", "runs/regex", "--format",
                "regex:it (?<step>\\d+) \\| loss=(?<loss>[0-9.]+) \\| (?<samples_per_second>[0-9.]+) img/s", "--",
                "./train.sh");

        assertThat(agent.exitCode()).as(agent.stderrText()).isZero();
        List<MetricRecord> metrics = metrics(RunDirectory.at(work.resolve("runs/regex")));
        assertThat(metrics).extracting(MetricRecord::step, MetricRecord::loss, MetricRecord::samplesPerSecond)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(5L, 0.75, 120.5),
                        org.assertj.core.groups.Tuple.tuple(6L, 0.70, 121.0));
    }

    @Test
    void rejectsABadFormatWithTheParsersMessage() throws Exception {
        AgentProcess agent = AgentProcess.run(work, "run", "--out", "runs/bad", "--format", "yaml", "--", "true");

        assertThat(agent.exitCode()).isEqualTo(2);
        assertThat(agent.stderrText()).contains("--format").contains("auto");
        assertThat(work.resolve("runs/bad")).doesNotExist();
    }

    @Test
    void readsHuggingFaceTrainerLinesFromARealPythonProcess() throws Exception {
        assumeThat(python()).as("python3 on this machine").isNotNull();
        Files.writeString(work.resolve("train.py"), """
                import math, sys
                # HF Trainer 4.x prints bare floats, 5.x quoted strings; both occur in the wild.
                print({'loss': 2.3026, 'grad_norm': 1.5, 'learning_rate': 5e-05, 'epoch': 0.1})
                print({'loss': '1.8', 'grad_norm': '1.2', 'learning_rate': '4e-05', 'epoch': '0.2'})
                print({'loss': float('nan'), 'epoch': 0.3})
                print({'eval_loss': 1.7, 'eval_runtime': 0.5, 'epoch': 0.3})
                print({'train_runtime': 12.5, 'train_samples_per_second': 80.1, 'train_steps_per_second': 2.5, 'train_loss': 1.9, 'epoch': 1.0})
                sys.stdout.flush()
                """);

        AgentProcess agent = AgentProcess.run(work, "run", "--out", "runs/hf", "--format", "hf", "--", python(),
                "train.py");

        assertThat(agent.exitCode()).as(agent.stderrText()).isZero();
        List<MetricRecord> metrics = metrics(RunDirectory.at(work.resolve("runs/hf")));
        assertThat(metrics).hasSize(5);
        assertThat(metrics.get(0).loss()).isEqualTo(2.3026);
        assertThat(metrics.get(1).loss()).isEqualTo(1.8);
        assertThat(metrics.get(2).loss()).isNaN();
        assertThat(metrics.get(3).metric("eval_loss")).isEqualTo(1.7);
        assertThat(metrics.get(4).metric("train_samples_per_second")).isEqualTo(80.1);
        JsonNode analytics = JSON.readTree(agent.stdoutText());
        assertThat(analytics.at("/alerts/0/kind").asText()).isEqualTo("loss_not_finite");
    }

    private static String python() {
        for (String candidate : List.of("/usr/bin/python3", "/usr/local/bin/python3")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }
}
