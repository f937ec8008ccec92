package io.jenkins.plugins.gputraining.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainOptionsTest {
    private static TrainOptions command(final String command) {
        return new TrainOptions(command, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void theAgentRunsTheCommandUnderShInTheWorkspace() {
        TrainOptions options = command("python train.py --lr 3e-4");

        assertThat(options.agentArguments("/ws/gpu-training-runs/7/train", "/ws", "build-7-train")).containsExactly(
                "run", "--detach", "--out", "/ws/gpu-training-runs/7/train", "--workdir", "/ws", "--run-id",
                "build-7-train",
                "--", "sh", "-c", "python train.py --lr 3e-4", "gpu-training");
        assertThat(options.runDirectory(7, "train")).isEqualTo("gpu-training-runs/7/train");
        assertThat(options.runId()).isEqualTo("train");
    }

    @Test
    void everyOptionBecomesTheAgentsOption() {
        TrainOptions options = new TrainOptions("python train.py\n", "LR 3e-4 / warmup", "runs/a", "regex:loss=(?<loss>[0-9.]+)",
                "metrics.csv", "ckpt/*.pt", 32, "0, 1", "CHECKPOINT", "--resume {checkpoint}", 2.0, 10.0);

        assertThat(options.agentArguments("/ws/runs/a", "/ws", "id")).containsExactly("run", "--detach", "--out",
                "/ws/runs/a",
                "--workdir", "/ws", "--run-id", "id", "--name", "LR 3e-4 / warmup", "--format",
                "regex:loss=(?<loss>[0-9.]+)", "--metrics-file", "metrics.csv", "--checkpoints", "ckpt/*.pt",
                "--batch-size", "32", "--gpus", "0,1", "--pause-mode", "checkpoint", "--resume-template",
                "--resume {checkpoint}", "--sample-interval", "2.0", "--status-interval", "10.0", "--", "sh", "-c",
                "python train.py \"$@\"", "gpu-training");
        assertThat(options.runDirectory(7, "x")).isEqualTo("runs/a");
        assertThat(options.runId()).isEqualTo("lr-3e-4-warmup");
    }

    @Test
    void afterARestartTheAgentTakesTheRunUpWaitingForAnAgentThatStillRecordsIt() {
        assertThat(TrainOptions.attachArguments("/ws/gpu-training-runs/7/train")).containsExactly("run", "--attach",
                "/ws/gpu-training-runs/7/train", "--wait");
    }

    @Test
    void theResumeArgumentsReachTheCommandThroughShPositionalParameters() {
        assertThat(command("python train.py").script()).isEqualTo("python train.py");
        TrainOptions resumable = new TrainOptions("cd src && python train.py  ", null, null, null, null, null, null,
                null, null, "--resume {checkpoint}", null, null);
        assertThat(resumable.script()).isEqualTo("cd src && python train.py \"$@\"");
    }

    @Test
    void badArgumentsFailWithTheirName() {
        assertThatThrownBy(() -> command(" ")).hasMessageContaining("trainOnGpu needs a command");
        assertThatThrownBy(() -> command(null)).hasMessageContaining("trainOnGpu needs a command");
        assertThatThrownBy(() -> new TrainOptions("x", null, "/abs", null, null, null, null, null, null, null, null,
                null)).hasMessageContaining("runDir must be relative to the workspace");
        assertThatThrownBy(() -> new TrainOptions("x", null, "a/../../b", null, null, null, null, null, null, null,
                null, null)).hasMessageContaining("runDir must stay inside the workspace");
        assertThatThrownBy(() -> new TrainOptions("x", null, null, "csv", null, null, null, null, null, null, null,
                null)).hasMessageContaining("format must be auto, hf, lightning, jsonl or regex:RE");
        assertThatThrownBy(() -> new TrainOptions("x", null, null, "regex:(", null, null, null, null, null, null,
                null, null)).hasMessageContaining("format has an invalid regular expression");
        assertThatThrownBy(() -> new TrainOptions("x", null, null, null, null, null, 0, null, null, null, null, null))
                .hasMessage("batchSize must be 1 or more, was 0");
        assertThatThrownBy(() -> new TrainOptions("x", null, null, null, null, null, null, "0;rm -rf /", null, null,
                null, null)).hasMessageContaining("gpus must be all, or GPU indexes or UUIDs");
        assertThatThrownBy(() -> new TrainOptions("x", null, null, null, null, null, null, null, "freeze", null,
                null, null)).hasMessageContaining("pauseMode must be suspend or checkpoint");
        assertThatThrownBy(() -> new TrainOptions("x", null, null, null, null, null, null, null, null, null, 0.0,
                null)).hasMessage("sampleInterval must be between 0.1 and 3600 seconds, was 0.0");
        assertThatThrownBy(() -> new TrainOptions("x", "a\u0000b", null, null, null, null, null, null, null, null,
                null, null)).hasMessageContaining("name contains a control character");
    }

    @Test
    void runIdsFitTheAgentsLimit() {
        assertThat(TrainOptions.runId(12, "train")).isEqualTo("build-12-train");
        assertThat(TrainOptions.runId(123_456, "x".repeat(40))).hasSizeLessThanOrEqualTo(64);
    }
}
