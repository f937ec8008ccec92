package io.jenkins.plugins.gputraining;

import static io.jenkins.plugins.gputraining.JenkinsMocks.build;
import static io.jenkins.plugins.gputraining.JenkinsMocks.job;
import static io.jenkins.plugins.gputraining.JenkinsMocks.listener;
import static io.jenkins.plugins.gputraining.JenkinsMocks.local;
import static io.jenkins.plugins.gputraining.JenkinsMocks.recordedRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.User;
import io.jenkins.plugins.gputraining.fixtures.AnalyzedRuns;
import io.jenkins.plugins.gputraining.gate.AlertGate;
import io.jenkins.plugins.gputraining.gate.GateResult;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;
import hudson.security.ACL;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedStatic;
import org.springframework.security.access.AccessDeniedException;

/**
 * The synchronous steps' executions with a mocked context: {@code recordTraining}, {@code compareTraining},
 * {@code pauseTraining} and {@code resumeTraining}, their refusals and their permission checks.
 */
class StepExecutionsTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final StepContext context = mock(StepContext.class);
    private final List<Run<?, ?>> builds = new ArrayList<>();
    private Job<?, ?> job;
    private Run<?, ?> current;
    private Path workspace;

    private MockedStatic<User> users;
    private MockedStatic<Jenkins> jenkins;

    @BeforeEach
    void noUser() {
        // The build runs as SYSTEM here, and no user started it: nobody is responsible for it.
        users = mockStatic(User.class);
        jenkins = mockStatic(Jenkins.class);
        jenkins.when(Jenkins::getAuthentication2).thenReturn(ACL.SYSTEM2);
    }

    @AfterEach
    void closeUsers() {
        users.close();
        jenkins.close();
    }

    @BeforeEach
    void aJobWithTwoTrainedBuildsAndARunningOne() throws Exception {
        for (int number = 1; number <= 2; number++) {
            builds.add(build("trainer", number, Result.SUCCESS, temp.resolve("artifacts-" + number)));
            recordedRun(builds.get(number - 1), temp.resolve("artifacts-" + number), "train", 1.0 / number);
        }
        current = build("trainer", 3, null, temp.resolve("artifacts-3"));
        builds.add(current);
        job = job("trainer", builds);
        workspace = Files.createDirectories(temp.resolve("workspace"));
        TaskListener listener = listener(log);
        when(context.get(Run.class)).thenReturn((Run) current);
        when(context.get(TaskListener.class)).thenReturn(listener);
        FilePath workspaceOnNode = local(workspace);
        when(context.get(FilePath.class)).thenReturn(workspaceOnNode);
        Launcher launcher = mock(Launcher.class);
        when(context.get(Launcher.class)).thenReturn(launcher);
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordTrainingArchivesARunDirectoryAndAppliesTheGates() throws Exception {
        AnalyzedRuns.completedRun(workspace.resolve("runs/long"), "long", 10, 2.0, 0.5, 400.0, null);
        RecordTrainingStep step = new RecordTrainingStep("runs/long");
        step.setFailOnAlerts(AlertGate.ANY);
        step.setMinThroughput(1000.0);
        step.setGateResult(GateResult.UNSTABLE);
        assertThat(step.getRunDir()).isEqualTo("runs/long");

        Map<String, Object> analytics = ((RecordTrainingStep.Execution) step.start(context)).run();

        assertThat(analytics).containsKey("losses");
        TrainingRun run = current.getAction(TrainingBuildAction.class).getRun("long");
        assertThat(run.getSource()).isEqualTo("recordTraining");
        assertThat(run.getGateResult()).isEqualTo("UNSTABLE");
        verify(current).setResult(Result.UNSTABLE);
        assertThat(temp.resolve("artifacts-3/gpu-training/long/metrics.jsonl")).exists();
    }

    @Test
    void recordTrainingRecordsARunStillRunningAsItIs() throws Exception {
        RunFixture.in(workspace.resolve("runs/live"), "live").loss(10, 1, 2.0).stillRunning();
        RecordTrainingStep step = new RecordTrainingStep("runs/live");
        step.setName("the live one");

        ((RecordTrainingStep.Execution) step.start(context)).run();

        assertThat(log.toString()).contains("was still running when recorded");
        assertThat(current.getAction(TrainingBuildAction.class).getRun("the-live-one")).isNotNull();
    }

    @Test
    void recordTrainingRefusesWhatIsNotARunDirectory() throws Exception {
        assertThatThrownBy(() -> new RecordTrainingStep(" ").start(context))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs runDir");
        RecordTrainingStep.Execution execution = (RecordTrainingStep.Execution) new RecordTrainingStep("nothing")
                .start(context);
        assertThatThrownBy(execution::run).isInstanceOf(AbortException.class).hasMessageContaining("no progress.json");
    }

    @Test
    @SuppressWarnings("unchecked")
    void compareTrainingComparesBuildsAndSetsTheResultWhenThisBuildLoses() throws Exception {
        recordedRun(current, temp.resolve("artifacts-3"), "train", 1.5);
        CompareTrainingStep step = new CompareTrainingStep();
        step.setLast(3);
        step.setRequireBest("best_loss");
        step.setGateResult(GateResult.FAILURE);

        Map<String, Object> comparison = ((CompareTrainingStep.Execution) step.start(context)).run();

        assertThat(comparison).containsKeys("jobs", "winner");
        assertThat((List<Integer>) comparison.get("builds")).containsExactly(1, 2, 3);
        verify(current).setResult(Result.FAILURE);
        assertThat(log.toString()).contains("[gpu-training] Winners:", "Comparison gate failed: best_loss");
    }

    @Test
    void compareTrainingPassesAGateThisBuildWins() throws Exception {
        recordedRun(current, temp.resolve("artifacts-3"), "train", 0.01);
        CompareTrainingStep step = new CompareTrainingStep();
        step.setAgainst("previous");
        step.setRequireBest("best_loss");

        ((CompareTrainingStep.Execution) step.start(context)).run();

        assertThat(log.toString()).contains("This build won best_loss");
        verify(current, never()).setResult(any());
    }

    @Test
    @SuppressWarnings("unchecked")
    void compareTrainingReadsAnotherJobWithItsPermission() throws Exception {
        CompareTrainingStep step = new CompareTrainingStep();
        step.setBuilds(List.of(2, 1));
        step.setJob("ml/trainer");
        {
            Jenkins instance = mock(Jenkins.class);
            jenkins.when(Jenkins::get).thenReturn(instance);
            when(instance.getItemByFullName("ml/trainer", Job.class)).thenReturn((Job) job);

            Map<String, Object> comparison = ((CompareTrainingStep.Execution) step.start(context)).run();

            assertThat((List<Integer>) comparison.get("builds")).containsExactly(2, 1);
            step.setJob("missing");
            CompareTrainingStep.Execution missing = (CompareTrainingStep.Execution) step.start(context);
            assertThatThrownBy(missing::run).isInstanceOf(AbortException.class).hasMessageContaining("no job named");
        }
        step.setBuilds(List.of(99));
        step.setJob(null);
        CompareTrainingStep.Execution noSuchBuild = (CompareTrainingStep.Execution) step.start(context);
        assertThatThrownBy(noSuchBuild::run).isInstanceOf(AbortException.class).hasMessageContaining("compareTraining:");
    }

    @Test
    void compareTrainingRefusesContradictoryArguments() {
        CompareTrainingStep step = new CompareTrainingStep();
        step.setAgainst("lastSuccessful");
        step.setJob("other");
        assertThatThrownBy(() -> step.start(context)).isInstanceOf(IllegalArgumentException.class);
        CompareTrainingStep gate = new CompareTrainingStep();
        gate.setLast(2);
        gate.setGateResult(GateResult.SUCCESS);
        assertThatThrownBy(() -> gate.start(context)).hasMessageContaining("UNSTABLE or FAILURE");
        assertThat(gate.getLast()).isEqualTo(2);
        assertThat(gate.getGateResult()).isEqualTo(GateResult.SUCCESS);
        assertThat(step.getAgainst()).isEqualTo("lastSuccessful");
        assertThat(step.getJob()).isEqualTo("other");
        assertThat(step.getBuilds()).isNull();
        assertThat(step.getRequireBest()).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void pauseAndResumeTalkToTheLiveRunsAgent() throws Exception {
        TrainingRun live = TrainingBuildAction.attach(current).allocate("train", "train", "trainOnGpu", "now");
        Path directory = temp.resolve("node/run");
        RunFixture.in(directory, "train").loss(10, 1, 2.0).stillRunning();
        live.setLiveDirectory(local(directory));
        AtomicBoolean stop = new AtomicBoolean();
        Thread agent = RunEndpointTest.answerControlRequests(directory, stop);
        try {
            PauseTrainingStep pause = new PauseTrainingStep();
            pause.setMode(PauseMode.CHECKPOINT);
            pause.setTimeout(30);
            Map<String, Object> paused = ((ControlTrainingStep.Execution) pause.start(context)).run();
            assertThat(paused).containsEntry("action", "pause").containsEntry("event", "paused")
                    .containsEntry("build", 3).containsEntry("run", "train");
            assertThat(pause.getMode()).isEqualTo(PauseMode.CHECKPOINT);

            ResumeTrainingStep resume = new ResumeTrainingStep();
            resume.setRun("train");
            assertThat(((ControlTrainingStep.Execution) resume.start(context)).run()).containsEntry("event",
                    "resumed");
            assertThat(log.toString()).contains("Asking the agent to pause training run train", "(checkpoint)");
        }
        finally {
            stop.set(true);
            agent.join();
        }
    }

    @Test
    void anAgentThatDoesNotAnswerFailsTheStep() throws Exception {
        TrainingRun live = TrainingBuildAction.attach(current).allocate("train", "train", "trainOnGpu", "now");
        Path directory = temp.resolve("node/silent");
        RunFixture.in(directory, "train").loss(10, 1, 2.0).stillRunning();
        live.setLiveDirectory(local(directory));
        PauseTrainingStep pause = new PauseTrainingStep();
        pause.setTimeout(1);

        ControlTrainingStep.Execution execution = (ControlTrainingStep.Execution) pause.start(context);

        assertThatThrownBy(execution::run).isInstanceOf(AbortException.class).hasMessageContaining("did not answer");
    }

    @Test
    void pauseRefusesBuildsThatHaveNothingToPause() throws Exception {
        PauseTrainingStep pause = new PauseTrainingStep();
        ControlTrainingStep.Execution self = (ControlTrainingStep.Execution) pause.start(context);
        assertThatThrownBy(self::run).isInstanceOf(AbortException.class).hasMessageContaining("is not a training build");

        TrainingBuildAction.attach(current).allocate("done", "done", "recordTraining", "now");
        assertThatThrownBy(((ControlTrainingStep.Execution) pause.start(context))::run)
                .hasMessageContaining("has no live trainOnGpu run");

        pause.setBuild(1);
        assertThatThrownBy(((ControlTrainingStep.Execution) pause.start(context))::run)
                .hasMessageContaining("is not running");
        pause.setBuild(42);
        assertThatThrownBy(((ControlTrainingStep.Execution) pause.start(context))::run)
                .hasMessageContaining("does not exist");
    }

    @Test
    void pauseNeedsCancelOnTheTargetJobAsTheResponsibleUser() throws Exception {
        Authentication alice = mock(Authentication.class);
        when(alice.getName()).thenReturn("alice");
        jenkins.when(Jenkins::getAuthentication2).thenReturn(alice);
        when(job.hasPermission2(alice, Item.READ)).thenReturn(true);
        when(job.hasPermission2(alice, Item.CANCEL)).thenReturn(false);
        Jenkins instance = mock(Jenkins.class);
        jenkins.when(Jenkins::get).thenReturn(instance);
        when(instance.getItemByFullName(eq("ml/trainer"), eq(Job.class))).thenReturn((Job) job);
        PauseTrainingStep pause = new PauseTrainingStep();
        pause.setJob("ml/trainer");
        pause.setBuild(3);

        assertThatThrownBy(((ControlTrainingStep.Execution) pause.start(context))::run)
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("alice (the build's authentication) is missing the Job/Cancel permission");

        pause.setJob("missing");
        assertThatThrownBy(((ControlTrainingStep.Execution) pause.start(context))::run)
                .isInstanceOf(AbortException.class).hasMessageContaining("no job named missing");
    }

    @Test
    void aBuildNobodyIsResponsibleForMayOnlyControlItsOwnJob() throws Exception {
        Job<?, ?> other = job("other", List.of());
        Jenkins instance = mock(Jenkins.class);
        jenkins.when(Jenkins::get).thenReturn(instance);
        when(instance.getItemByFullName(eq("other"), eq(Job.class))).thenReturn((Job) other);
        PauseTrainingStep pause = new PauseTrainingStep();
        pause.setJob("other");
        pause.setBuild(1);

        assertThatThrownBy(((ControlTrainingStep.Execution) pause.start(context))::run)
                .isInstanceOf(AbortException.class).hasMessageContaining("runs as SYSTEM and no user started it")
                .hasMessageContaining("authorize-project");
    }

    @Test
    void controlStepsValidateTheirArguments() {
        PauseTrainingStep pause = new PauseTrainingStep();
        pause.setTimeout(0);
        assertThatThrownBy(() -> pause.start(context)).hasMessageContaining("timeout must be between 1 and 3600");
        ResumeTrainingStep resume = new ResumeTrainingStep();
        resume.setJob("other");
        assertThatThrownBy(() -> resume.start(context)).isInstanceOf(IllegalArgumentException.class);
        assertThat(resume.getJob()).isEqualTo("other");
        assertThat(resume.getBuild()).isNull();
        assertThat(resume.getRun()).isNull();
        assertThat(pause.getTimeout()).isZero();
    }
}
