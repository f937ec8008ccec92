package io.jenkins.plugins.gputraining;

import static io.jenkins.plugins.gputraining.JenkinsMocks.build;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.when;

import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.gputraining.api.LoadedRun;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlFolderException;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What runs on a build's node ({@code FilePath.act} callables, called here on local directories) and what reads a
 * build's archived run through its artifact manager, local or remote.
 */
class NodeCallsTest {
    @TempDir
    Path temp;

    @Test
    void listsTheFilesOfTheCheckpointsBelowTheWorkspace() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("ws"));
        Path run = workspace.resolve("runs/a");
        RunFixture.in(run, "a").workingDirectory(workspace.toString()).loss(10, 1, 2.0)
                .checkpoint(20, "checkpoint-3", "out/checkpoint-3", 3).checkpoint(30, "elsewhere", "/tmp/x", 3)
                .status(io.jenkins.plugins.gputraining.model.progress.RunStatus.COMPLETED, 0).endedAt(30).write();
        JenkinsMocks.write(workspace.resolve("out/checkpoint-3/model.bin"), "weights");
        JenkinsMocks.write(workspace.resolve("out/checkpoint-3/optimizer.bin"), "state");
        List<String[]> files = new CheckpointFilesCallable(workspace.toString()).invoke(run.toFile(), null);
        assertThat(files).extracting(pair -> pair[0] + " " + pair[1]).containsExactlyInAnyOrder(
                "out/checkpoint-3 out/checkpoint-3/model.bin", "out/checkpoint-3 out/checkpoint-3/optimizer.bin");
        // Outside the workspace: left out.
        assertThat(new CheckpointFilesCallable(temp.resolve("elsewhere").toString()).invoke(run.toFile(), null))
                .isEmpty();
    }

    @Test
    void readsALiveRunsAnalyticsSeriesAndJava() throws Exception {
        Path run = temp.resolve("live");
        RunFixture.in(run, "live").loss(10, 1, 2.0).loss(20, 2, 1.0).stillRunning();
        assertThat(new LiveAnalyticsCallable().invoke(run.toFile(), null)).contains("\"losses\"");
        assertThat(new LiveSeriesCallable(false, "loss", "step", "100").invoke(run.toFile(), null))
                .contains("\"axis\"");
        assertThat(new LiveSeriesCallable(true, "utilization_percent", null, null).invoke(run.toFile(), null))
                .startsWith("{");
        assertThat(new NodeJavaCallable().invoke(run.toFile(), null)).endsWith("java");
        assertThat(new ControlOutcomeCallable("nope").invoke(run.toFile(), null)).isNull();
    }

    @Test
    void aControlRequestGoesIntoTheRunsOwnControlFolderOnly() throws Exception {
        Path run = temp.resolve("mine");
        RunFixture.in(run, "mine").loss(10, 1, 2.0).stillRunning();
        String id = ControlSender.send(JenkinsMocks.local(run), ControlAction.PAUSE, PauseMode.SUSPEND, "alice");
        try (var files = Files.list(run.resolve("control"))) {
            assertThat(files.map(file -> file.getFileName().toString()).toList()).singleElement()
                    .satisfies(name -> assertThat(name).contains(id).doesNotStartWith("."));
        }

        // An attacker's run whose control folder is a link to another run's: the other run gets nothing.
        Path victim = temp.resolve("victim");
        RunFixture.in(victim, "victim").loss(10, 1, 2.0).stillRunning();
        Files.createDirectories(victim.resolve("control"));
        Path attacker = temp.resolve("attacker");
        RunFixture.in(attacker, "attacker").loss(10, 1, 2.0).stillRunning();
        Files.createSymbolicLink(attacker.resolve("control"), victim.resolve("control"));
        assertThatThrownBy(() -> ControlSender.send(JenkinsMocks.local(attacker), ControlAction.CANCEL, null, "eve"))
                .isInstanceOf(ControlFolderException.class).hasMessageContaining("is a link or not a folder");
        try (var files = Files.list(victim.resolve("control"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void readsAnArchivedRunInPlaceOrThroughACopy() throws Exception {
        Run<?, ?> build = build("j", 1, Result.SUCCESS, temp.resolve("artifacts"));
        TrainingRun run = JenkinsMocks.recordedRun(build, temp.resolve("artifacts"), "tiny", 0.5);
        LoadedRun local = ArchivedRuns.load(build, run);
        assertThat(local.analytics().losses().finalLoss()).isEqualTo(0.5);
        assertThat(new String(ArchivedRuns.read(build, run, "progress.json"), StandardCharsets.UTF_8))
                .contains("\"tiny\"");
        assertThatThrownBy(() -> ArchivedRuns.read(build, run, "output.log")).isInstanceOf(ApiRequestException.class);

        // Remote artifact storage (no file: URI): the analysed files are copied to a temporary directory.
        var remote = JenkinsMocks.artifacts(temp.resolve("artifacts"), true);
        when(build.getArtifactManager()).thenReturn(remote);
        assertThat(ArchivedRuns.load(build, run).analytics().losses().finalLoss()).isEqualTo(0.5);

        TrainingRun missing = build.getAction(TrainingBuildAction.class).allocate("gone", "gone", "x", "now");
        assertThatThrownBy(() -> ArchivedRuns.load(build, missing)).isInstanceOf(ApiRequestException.class)
                .hasMessageContaining("no archived progress.json");
    }

    @Test
    void exportsARunsSummary() {
        Run<?, ?> build = build("j", 1, Result.SUCCESS, temp.resolve("artifacts"));
        TrainingRun run = JenkinsMocks.recordedRun(build, temp.resolve("artifacts"), "tiny", 0.5);
        assertThat(run.getStatus()).isEqualTo("completed");
        assertThat(run.getFinalLoss()).isEqualTo(0.5);
        assertThat(run.getBestLoss()).isEqualTo(0.5);
        assertThat(run.getThroughput()).isEqualTo(400.0);
        assertThat(run.getGpuUtilization()).isEqualTo(80.0);
        assertThat(run.getDurationSeconds()).isPositive();
        assertThat(run.getEnergyWh()).isNotNull();
        assertThat(run.getOverallScore()).isNotNull();
        assertThat(run.getAlertCount()).isNotNegative();
        assertThat(run.getBand()).isNotNull();
        assertThat(run.getArchivedCheckpoints()).containsExactly("out/checkpoint-20");
        assertThat(TrainingRecorder.relative("/a/b", "/a/b/c/d")).isEqualTo("c/d");
        assertThat(TrainingRecorder.relative("C:\\a\\", "C:\\a\\x")).isEqualTo("x");
    }
}
