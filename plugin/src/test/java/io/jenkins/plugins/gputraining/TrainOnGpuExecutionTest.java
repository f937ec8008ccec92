package io.jenkins.plugins.gputraining;

import static io.jenkins.plugins.gputraining.JenkinsMocks.build;
import static io.jenkins.plugins.gputraining.JenkinsMocks.listener;
import static io.jenkins.plugins.gputraining.JenkinsMocks.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gputraining.fixtures.AnalyzedRuns;
import io.jenkins.plugins.gputraining.gate.GateResult;
import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.io.ByteArrayOutputStream;
import io.jenkins.plugins.gputraining.gate.QualityGates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

/**
 * {@code trainOnGpu}'s execution with a mocked context, launcher and process: the "agent" is a mocked {@link Proc}
 * that writes the run directory the command line names, as the real agent would.
 */
class TrainOnGpuExecutionTest {
    private static final int WAIT_MILLIS = 60_000;

    @TempDir
    Path temp;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final StepContext context = mock(StepContext.class);
    private final Launcher launcher = mock(Launcher.class);
    private final Launcher.ProcStarter starter = mock(Launcher.ProcStarter.class, RETURNS_SELF);
    private final Proc proc = mock(Proc.class);
    private final AtomicReference<List<String>> command = new AtomicReference<>();
    private Run<?, ?> build;
    private Path workspace;

    @BeforeEach
    void aUnixNode() throws Exception {
        build = build("trainer", 7, null, temp.resolve("artifacts"));
        workspace = Files.createDirectories(temp.resolve("node/workspace/trainer"));
        TaskListener listener = listener(log);
        when(context.get(Run.class)).thenReturn((Run) build);
        when(context.get(Launcher.class)).thenReturn(launcher);
        when(context.get(TaskListener.class)).thenReturn(listener);
        FilePath workspaceOnNode = local(workspace);
        when(context.get(FilePath.class)).thenReturn(workspaceOnNode);
        when(context.get(EnvVars.class)).thenReturn(mock(EnvVars.class));
        when(launcher.isUnix()).thenReturn(true);
        when(launcher.launch()).thenReturn(starter);
        when(starter.cmds(anyList())).thenAnswer(call -> {
            command.set(List.copyOf(call.<List<String>>getArgument(0)));
            return starter;
        });
        when(starter.envs(anyMap())).thenReturn(starter);
        when(starter.start()).thenReturn(proc);
    }

    private StepExecution start(final TrainOnGpuStep step) throws Exception {
        StepExecution execution = step.start(context);
        assertThat(execution.start()).as("asynchronous").isFalse();
        return execution;
    }

    /** The run directory the agent was told to write (its --out argument). */
    private Path out() {
        List<String> words = command.get();
        return Path.of(words.get(words.indexOf("--out") + 1));
    }

    private static TrainOnGpuStep step() {
        TrainOnGpuStep step = new TrainOnGpuStep("python train.py");
        step.setName("tiny");
        return step;
    }

    @Test
    void runsTheAgentArchivesTheRunAndReturnsItsAnalytics() throws Exception {
        when(proc.join()).thenAnswer(call -> {
            AnalyzedRuns.completedRun(out(), "build-7-tiny", 10, 2.0, 0.5, 400.0, 90.0);
            return 0;
        });
        TrainOnGpuStep step = step();
        step.setMaxFinalLoss(1.0);
        step.setArchiveCheckpoints(true);

        StepExecution execution = start(step);

        ArgumentCaptor<Object> result = ArgumentCaptor.forClass(Object.class);
        verify(context, timeout(WAIT_MILLIS)).onSuccess(result.capture());
        assertThat(result.getValue()).isInstanceOfSatisfying(Map.class,
                analytics -> assertThat(analytics).containsKeys("losses", "efficiency"));
        assertThat(command.get()).contains("-jar", "--out", "--", "sh", "-c", "python train.py");
        assertThat(command.get().get(command.get().indexOf("-jar") + 1))
                .endsWith("gpu-training-runner.jar").startsWith(temp.resolve("node/workspace").toString());
        TrainingRun run = build.getAction(TrainingBuildAction.class).getRun("tiny");
        assertThat(run.isRecorded()).isTrue();
        assertThat(run.isLive()).isFalse();
        assertThat(run.getGateResult()).isEqualTo("SUCCESS");
        assertThat(temp.resolve("artifacts/gpu-training/tiny/progress.json")).exists();
        assertThat(log.toString()).contains("[gpu-training] Training run tiny", "Quality gates passed",
                "Copying the training agent");
        assertThat(execution.getStatus()).isEqualTo("training run tiny: completed");
    }

    @Test
    void aFailedGateSetsTheBuildResult() throws Exception {
        when(proc.join()).thenAnswer(call -> {
            AnalyzedRuns.completedRun(out(), "build-7-tiny", 10, 2.0, 0.5, 400.0, 90.0);
            return 0;
        });
        TrainOnGpuStep step = step();
        step.setMaxFinalLoss(0.1);
        step.setGateResult(GateResult.FAILURE);

        start(step);

        verify(context, timeout(WAIT_MILLIS)).onSuccess(any());
        verify(build).setResult(Result.FAILURE);
        assertThat(log.toString()).contains("Quality gate failed: final loss");
    }

    @Test
    void installsTheAgentInTheNodesRootOnce() throws Exception {
        Path root = Files.createDirectories(temp.resolve("agent-root"));
        Computer computer = mock(Computer.class);
        Node node = mock(Node.class);
        when(computer.getNode()).thenReturn(node);
        FilePath rootOnNode = local(root);
        when(node.getRootPath()).thenReturn(rootOnNode);
        TaskListener listener = listener(log);

        FilePath jar = RunnerInstaller.install(computer, local(workspace), listener);
        FilePath again = RunnerInstaller.install(computer, local(workspace), listener);

        assertThat(Path.of(jar.getRemote())).startsWith(root).isRegularFile();
        assertThat(again.getRemote()).isEqualTo(jar.getRemote());
        assertThat(log.toString().split("Copying the training agent", -1)).hasSize(2);
    }

    @Test
    void aRunThatFailedFailsTheStepAfterArchivingIt() throws Exception {
        when(proc.join()).thenAnswer(call -> {
            RunFixture.in(out(), "build-7-tiny").loss(10, 1, 2.0).status(RunStatus.FAILED, 3).endedAt(20).exited()
                    .write();
            return 3;
        });

        start(step());

        ArgumentCaptor<Throwable> failure = ArgumentCaptor.forClass(Throwable.class);
        verify(context, timeout(WAIT_MILLIS)).onFailure(failure.capture());
        assertThat(failure.getValue()).isInstanceOf(AbortException.class).hasMessageContaining("ended failed")
                .hasMessageContaining("exit code 3");
        assertThat(build.getAction(TrainingBuildAction.class).getRun("tiny").isRecorded()).isTrue();
    }

    @Test
    void anAgentThatRecordedNothingFailsTheStep() throws Exception {
        when(proc.join()).thenReturn(1);

        start(step());

        ArgumentCaptor<Throwable> failure = ArgumentCaptor.forClass(Throwable.class);
        verify(context, timeout(WAIT_MILLIS)).onFailure(failure.capture());
        assertThat(failure.getValue()).hasMessageContaining("exited with code 1 before it recorded a run");
    }

    @Test
    void refusesARunDirectoryThatHoldsARunAndANodeThatIsNotUnix() throws Exception {
        AnalyzedRuns.completedRun(workspace.resolve("runs/old"), "old", 3, 2.0, 1.0, 100.0, null);
        TrainOnGpuStep step = step();
        step.setRunDir("runs/old");

        start(step);

        ArgumentCaptor<Throwable> failure = ArgumentCaptor.forClass(Throwable.class);
        verify(context, timeout(WAIT_MILLIS)).onFailure(failure.capture());
        assertThat(failure.getValue()).hasMessageContaining("already holds a training run");

        when(launcher.isUnix()).thenReturn(false);
        assertThatThrownBy(() -> step().start(context).start()).isInstanceOf(AbortException.class)
                .hasMessageContaining("needs a Unix node");
    }

    @Test
    void abortingAsksTheAgentToCancelThenArchivesWhatWasRecorded() throws Exception {
        AtomicBoolean exited = new AtomicBoolean();
        when(proc.isAlive()).thenAnswer(call -> !exited.get());
        when(proc.join()).thenAnswer(call -> {
            Path out = out();
            RunFixture.in(out, "build-7-tiny").loss(10, 1, 2.0).stillRunning();
            // The agent: waits for the cancel request, then finalises the run as cancelled.
            Path control = out.resolve(ControlChannel.FOLDER);
            while (!Files.isDirectory(control) || isEmpty(control)) {
                Thread.sleep(20);
            }
            RunFixture.in(out, "build-7-tiny").loss(10, 1, 2.0).status(RunStatus.CANCELLED, 143).endedAt(20)
                    .exited().write();
            exited.set(true);
            return 143;
        });
        StepExecution execution = start(step());
        TrainingRun run = build.getAction(TrainingBuildAction.class).getRun("tiny");
        for (int i = 0; i < WAIT_MILLIS / 20 && !run.isLive(); i++) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        Exception cause = new InterruptedException("aborted by user");

        execution.stop(cause);

        verify(context, timeout(WAIT_MILLIS)).onFailure(cause);
        assertThat(run.getStatus()).isEqualTo("cancelled");
        assertThat(run.isRecorded()).isTrue();
    }

    @Test
    void stoppingBeforeTheAgentStartsFailsTheStep() throws Exception {
        StepExecution execution = step().start(context);
        assertThat(execution.getStatus()).isEqualTo("starting");
        Exception cause = new InterruptedException("aborted");

        execution.stop(cause);

        verify(context).onFailure(cause);
    }

    @Test
    void aRestartBeforeTheRunWasSetUpFailsTheStepSayingSo() throws Exception {
        // What a restart leaves of an execution whose worker had not yet allocated its run: the serializable
        // fields, without a run id. The attach path is covered by GpuTrainingITJenkins in the real build.
        StepExecution execution = new TrainOnGpuExecution(context, null, QualityGates.none(), false);

        execution.onResume();

        ArgumentCaptor<Throwable> failure = ArgumentCaptor.forClass(Throwable.class);
        verify(context, timeout(10_000)).onFailure(failure.capture());
        assertThat(failure.getValue()).isInstanceOf(AbortException.class)
                .hasMessageContaining("interrupted by a restart before its training run was set up");
    }

    private static boolean isEmpty(final Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.noneMatch(file -> file.getFileName().toString().endsWith(".request.json"));
        }
    }
}
