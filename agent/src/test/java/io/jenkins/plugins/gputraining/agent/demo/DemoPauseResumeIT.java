package io.jenkins.plugins.gputraining.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.runner.AgentProcess;
import io.jenkins.plugins.gputraining.agent.demo.DemoTrainer;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pausing and resuming real trainings from another process, through the run directory's control channel. */
class DemoPauseResumeIT {
    @TempDir
    Path work;

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static RunStatus status(final RunDirectory run) {
        try {
            return run.readProgress().status();
        }
        catch (RuntimeException e) {
            return null;
        }
    }

    private long size(final String file) {
        try {
            return Files.exists(work.resolve(file)) ? Files.size(work.resolve(file)) : 0;
        }
        catch (IOException e) {
            return 0;
        }
    }

    @Test
    void suspendStopsTheWholeTreeAndResumeContinuesIt() throws Exception {
        Path script = work.resolve("train.sh");
        Files.writeString(script, """
                #!/bin/sh
                (while true; do echo t >> worker.txt; sleep 0.05; done) &
                i=0
                while true; do i=$((i+1)); echo "{\\"step\\": $i, \\"loss\\": 1.0}"; sleep 0.05; done
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        AgentProcess agent = AgentProcess.start(work, "run", "--out", "runs/s", "--", "./train.sh");
        RunDirectory run = RunDirectory.at(work.resolve("runs/s"));
        await("the worker to start", () -> size("worker.txt") > 0 && status(run) == RunStatus.RUNNING);

        AgentProcess pause = AgentProcess.run(work, "pause", "runs/s", "--mode", "suspend");
        assertThat(pause.exitCode()).as(pause.stderrText()).isZero();
        assertThat(pause.stderrText()).contains("paused (suspend)");
        assertThat(status(run)).isEqualTo(RunStatus.PAUSED);
        long worker = size("worker.txt");
        Thread.sleep(500);
        assertThat(size("worker.txt")).as("the worker process is stopped too").isEqualTo(worker);

        AgentProcess again = AgentProcess.run(work, "pause", "runs/s");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderrText()).contains("cannot pause: the run is paused");

        AgentProcess resume = AgentProcess.run(work, "resume", "runs/s");
        assertThat(resume.exitCode()).as(resume.stderrText()).isZero();
        assertThat(status(run)).isEqualTo(RunStatus.RUNNING);
        await("the worker to continue", () -> size("worker.txt") > worker);

        AgentProcess cancel = AgentProcess.run(work, "cancel", "runs/s");
        assertThat(cancel.exitCode()).as(cancel.stderrText()).isZero();
        assertThat(agent.waitFor()).isEqualTo(143);
        assertThat(status(run)).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.events()).extracting(LifecycleEvent::event)
                .containsSubsequence("started", "paused", "error", "resumed", "exited");
        RunAnalytics analytics = new RunAnalyzer().analyze(run);
        assertThat(analytics.duration().pausedSeconds()).isGreaterThan(0.4);
        assertThat(analytics.duration().totalSeconds())
                .isEqualTo(analytics.duration().wallSeconds() - analytics.duration().pausedSeconds(),
                        org.assertj.core.api.Assertions.within(0.01));

        AgentProcess late = AgentProcess.run(work, "resume", "runs/s");
        assertThat(late.exitCode()).isEqualTo(2);
        assertThat(late.stderrText()).contains("is cancelled");
    }

    @Test
    void checkpointModeFreesTheProcessAndResumesFromTheNewestCheckpointWithTheLossContinuing() throws Exception {
        Files.createDirectories(work.resolve("ws"));
        AgentProcess agent = AgentProcess.start(work, "run", "--out", "runs/c", "--workdir", "ws",
                "--pause-mode", "checkpoint", "--resume-template", "--resume_from_checkpoint {checkpoint}", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DemoTrainer.class.getName(),
                "--steps", "400", "--step-delay-ms", "15", "--checkpoint-every", "1000", "--log-every", "10",
                "--output-dir", "ckpt");
        RunDirectory run = RunDirectory.at(work.resolve("runs/c"));
        await("some training", () -> metrics(run).size() >= 5);

        AgentProcess pause = AgentProcess.run(work, "pause", "runs/c");
        assertThat(pause.exitCode()).as(pause.stderrText() + agent.stderrText()).isZero();
        assertThat(status(run)).isEqualTo(RunStatus.PAUSED);
        assertThat(run.readProgress().checkpoints()).as("the checkpoint written on request").hasSize(1);
        long pausedPid = run.events().stream().filter(e -> "started".equals(e.event())).findFirst().orElseThrow()
                .number("pid").longValue();
        assertThat(ProcessHandle.of(pausedPid).map(ProcessHandle::isAlive).orElse(false))
                .as("the trainer exited: the GPU is free").isFalse();
        List<MetricRecord> before = metrics(run);
        MetricRecord last = before.get(before.size() - 1);

        AgentProcess resume = AgentProcess.run(work, "resume", "runs/c");
        assertThat(resume.exitCode()).as(resume.stderrText()).isZero();
        assertThat(agent.waitFor()).as(agent.stderrText()).isZero();

        assertThat(run.readProgress().status()).isEqualTo(RunStatus.COMPLETED);
        LifecycleEvent resumed = run.events().stream().filter(e -> "resumed".equals(e.event())).findFirst()
                .orElseThrow();
        assertThat(resumed.detail("mode")).isEqualTo("checkpoint");
        assertThat(resumed.extra().get("command").toString()).contains("--resume_from_checkpoint", "ckpt/checkpoint-");
        List<MetricRecord> after = metrics(run).subList(before.size(), metrics(run).size());
        MetricRecord firstAfter = after.stream().filter(m -> m.step() != null).findFirst().orElseThrow();
        assertThat(firstAfter.step()).as("steps continue").isGreaterThan(last.step());
        assertThat(firstAfter.loss()).as("the loss continues, it does not restart")
                .isCloseTo(last.loss(), org.assertj.core.api.Assertions.withinPercentage(25));
        assertThat(firstAfter.loss()).isLessThan(before.get(0).loss());
        assertThat(metrics(run).stream().filter(m -> m.step() != null).mapToLong(MetricRecord::step).max())
                .hasValue(400);
    }

    private static List<MetricRecord> metrics(final RunDirectory run) {
        List<MetricRecord> records = new ArrayList<>();
        run.readMetrics(records::add);
        return records;
    }
}
