package io.jenkins.plugins.gputraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockConstruction;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Computer;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gputraining.gate.AlertGate;
import io.jenkins.plugins.gputraining.gate.GateResult;
import io.jenkins.plugins.gputraining.gate.QualityGates;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import java.util.List;
import java.util.Set;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.mockito.MockedConstruction;
import org.mockito.MockedStatic;

/**
 * The steps' descriptors: names, contexts, and the Snippet Generator's checks and choices, which answer only those
 * who may configure the job (or Jenkins, without one); and the steps' enum arguments.
 */
class StepDescriptorsTest {
    private final Item item = mock(Item.class);
    private final FormValidation ok = mock(FormValidation.class);
    private final FormValidation error = mock(FormValidation.class);

    private MockedStatic<FormValidation> validations() {
        MockedStatic<FormValidation> validations = mockStatic(FormValidation.class);
        validations.when(FormValidation::ok).thenReturn(ok);
        validations.when(() -> FormValidation.error(anyString())).thenReturn(error);
        return validations;
    }

    @Test
    void namesTheStepsAndTheirContexts() {
        assertThat(new TrainOnGpuStep.DescriptorImpl().getFunctionName()).isEqualTo("trainOnGpu");
        assertThat(new TrainOnGpuStep.DescriptorImpl().getDisplayName()).isEqualTo(
                "Run GPU training under the training agent");
        assertThat(new TrainOnGpuStep.DescriptorImpl().getRequiredContext()).isEqualTo(Set.of(Run.class,
                FilePath.class, Launcher.class, TaskListener.class, EnvVars.class, Computer.class));
        assertThat(new RecordTrainingStep.DescriptorImpl().getFunctionName()).isEqualTo("recordTraining");
        assertThat(new RecordTrainingStep.DescriptorImpl().getDisplayName()).startsWith("Record a training run");
        assertThat(new RecordTrainingStep.DescriptorImpl().getRequiredContext().contains(FilePath.class)).isTrue();
        assertThat(new PauseTrainingStep.DescriptorImpl().getFunctionName()).isEqualTo("pauseTraining");
        assertThat(new PauseTrainingStep.DescriptorImpl().getDisplayName()).startsWith("Pause");
        assertThat(new PauseTrainingStep.DescriptorImpl().getRequiredContext().contains(Run.class)).isTrue();
        assertThat(new ResumeTrainingStep.DescriptorImpl().getFunctionName()).isEqualTo("resumeTraining");
        assertThat(new ResumeTrainingStep.DescriptorImpl().getDisplayName()).startsWith("Resume");
        assertThat(new ResumeTrainingStep.DescriptorImpl().getRequiredContext().contains(TaskListener.class)).isTrue();
        assertThat(new CompareTrainingStep.DescriptorImpl().getFunctionName()).isEqualTo("compareTraining");
        assertThat(new CompareTrainingStep.DescriptorImpl().getDisplayName()).isEqualTo("Compare training builds");
        assertThat(new CompareTrainingStep.DescriptorImpl().getRequiredContext().contains(TaskListener.class)).isTrue();
    }

    @Test
    void checksTheGatesThresholdsForThoseWhoMayConfigure() {
        when(item.hasPermission(Item.CONFIGURE)).thenReturn(true);
        TrainOnGpuStep.DescriptorImpl descriptor = new TrainOnGpuStep.DescriptorImpl();
        try (MockedStatic<FormValidation> validations = validations()) {
            assertThat(descriptor.doCheckMaxFinalLoss(item, "0.5")).isSameAs(ok);
            assertThat(descriptor.doCheckMaxFinalLoss(item, "")).isSameAs(ok);
            assertThat(descriptor.doCheckMaxFinalLoss(item, "low")).isSameAs(error);
            validations.verify(() -> FormValidation.error("Not a number"));
            assertThat(descriptor.doCheckMinGpuUtilization(item, "101")).isSameAs(error);
            validations.verify(() -> FormValidation.error("Must be between 0 and 100"));
            assertThat(descriptor.doCheckMinEfficiency(item, "Infinity")).isSameAs(error);
            validations.verify(() -> FormValidation.error("Must be a finite number"));
            assertThat(descriptor.doCheckMinThroughput(item, "-1")).isSameAs(error);
            validations.verify(() -> FormValidation.error("Must be 0 or more"));
            assertThat(new CompareTrainingStep.DescriptorImpl().doCheckLast(item, "0")).isSameAs(error);
            validations.verify(() -> FormValidation.error("Must be a whole number of 1 or more"));
        }
    }

    @Test
    void answersNothingToThoseWhoMayNotConfigure() {
        RecordTrainingStep.DescriptorImpl descriptor = new RecordTrainingStep.DescriptorImpl();
        try (MockedStatic<FormValidation> validations = validations();
             MockedConstruction<ListBoxModel> models = mockConstruction(ListBoxModel.class)) {
            assertThat(descriptor.doCheckMaxFinalLoss(item, "low")).isSameAs(ok);
            assertThat(descriptor.doCheckMinGpuUtilization(item, "low")).isSameAs(ok);
            assertThat(descriptor.doCheckMinThroughput(item, "low")).isSameAs(ok);
            assertThat(descriptor.doCheckMinEfficiency(item, "low")).isSameAs(ok);
            assertThat(new CompareTrainingStep.DescriptorImpl().doCheckLast(item, "x")).isSameAs(ok);
            validations.verify(() -> FormValidation.error(anyString()), never());
            descriptor.doFillFailOnAlertsItems(item);
            descriptor.doFillGateResultItems(item);
            new PauseTrainingStep.DescriptorImpl().doFillModeItems(item);
            assertThat(models.constructed()).hasSize(3);
            for (ListBoxModel model : models.constructed()) {
                verify(model, never()).add(anyString(), anyString());
            }
        }
    }

    @Test
    void offersTheEnumsChoices() {
        when(item.hasPermission(Item.CONFIGURE)).thenReturn(true);
        try (MockedConstruction<ListBoxModel> models = mockConstruction(ListBoxModel.class)) {
            new TrainOnGpuStep.DescriptorImpl().doFillFailOnAlertsItems(item);
            new TrainOnGpuStep.DescriptorImpl().doFillGateResultItems(item);
            new TrainOnGpuStep.DescriptorImpl().doFillPauseModeItems(item);
            new CompareTrainingStep.DescriptorImpl().doFillGateResultItems(item);

            List<ListBoxModel> constructed = models.constructed();
            verify(constructed.get(0)).add("None: alerts do not fail the gate", "NONE");
            verify(constructed.get(0)).add("Any alert fails the gate", "ANY");
            verify(constructed.get(0)).add("Critical alerts fail the gate", "CRITICAL");
            verify(constructed.get(1)).add("Unstable", "UNSTABLE");
            verify(constructed.get(1)).add("Failure", "FAILURE");
            verify(constructed.get(1), never()).add(anyString(), org.mockito.ArgumentMatchers.eq("SUCCESS"));
            verify(constructed.get(2)).add("Suspend (SIGSTOP; the GPU memory stays allocated)", "SUSPEND");
            verify(constructed.get(2)).add("Checkpoint and exit (frees the GPU)", "CHECKPOINT");
            verify(constructed.get(3)).add("Failure", "FAILURE");
        }
    }

    @Test
    void withoutAJobAsksJenkins() {
        try (MockedStatic<Jenkins> jenkins = mockStatic(Jenkins.class);
             MockedStatic<FormValidation> validations = validations()) {
            Jenkins instance = mock(Jenkins.class);
            jenkins.when(Jenkins::get).thenReturn(instance);
            when(instance.hasPermission(Item.CONFIGURE)).thenReturn(true);
            assertThat(new TrainOnGpuStep.DescriptorImpl().doCheckMaxFinalLoss(null, "x")).isSameAs(error);
            when(instance.hasPermission(Item.CONFIGURE)).thenReturn(false);
            assertThat(new TrainOnGpuStep.DescriptorImpl().doCheckMaxFinalLoss(null, "x")).isSameAs(ok);
        }
    }

    @Test
    void theStepsTakeRealEnums() {
        TrainOnGpuStep step = new TrainOnGpuStep("python train.py");
        step.setPauseMode(PauseMode.CHECKPOINT);
        step.setFailOnAlerts(AlertGate.CRITICAL);
        step.setGateResult(GateResult.FAILURE);
        step.setMinGpuUtilization(70.0);
        step.setMinEfficiency(60.0);
        step.setMinThroughput(10.0);
        step.setMaxFinalLoss(0.5);
        assertThat(step.getPauseMode()).isEqualTo(PauseMode.CHECKPOINT);
        assertThat(step.options().pauseMode()).isEqualTo("checkpoint");
        assertThat(step.gates()).isEqualTo(new QualityGates(0.5, 70.0, 10.0, 60.0, AlertGate.CRITICAL,
                GateResult.FAILURE));
        assertThat(step.getFailOnAlerts()).isEqualTo(AlertGate.CRITICAL);
        assertThat(step.getGateResult()).isEqualTo(GateResult.FAILURE);
        assertThat(new TrainOnGpuStep("x").gates()).isEqualTo(QualityGates.none());
        assertThat(new TrainOnGpuStep("x").options().pauseMode()).isNull();
    }

    @Test
    void theTrainOnGpuStepKeepsItsArguments() {
        TrainOnGpuStep step = new TrainOnGpuStep("python train.py");
        step.setRunDir("runs/a");
        step.setFormat("jsonl");
        step.setMetricsFile("metrics.jsonl");
        step.setCheckpoints("out/*");
        step.setBatchSize(32);
        step.setGpus("0,1");
        step.setResumeTemplate("--resume {checkpoint}");
        step.setSampleInterval(2.0);
        step.setStatusInterval(30.0);
        step.setName("a");
        assertThat(List.of(step.getCommand(), step.getRunDir(), step.getFormat(), step.getMetricsFile(),
                step.getCheckpoints(), step.getGpus(), step.getResumeTemplate(), step.getName()))
                .containsExactly("python train.py", "runs/a", "jsonl", "metrics.jsonl", "out/*", "0,1",
                        "--resume {checkpoint}", "a");
        assertThat(step.getBatchSize()).isEqualTo(32);
        assertThat(step.getSampleInterval()).isEqualTo(2.0);
        assertThat(step.getStatusInterval()).isEqualTo(30.0);
        assertThat(step.options().agentArguments("/out", "/ws", "build-1-a")).contains("--batch-size", "32");
        assertThat(step.isArchiveCheckpoints()).isFalse();
        assertThat(step.getMaxFinalLoss()).isNull();
        assertThat(step.getMinGpuUtilization()).isNull();
        assertThat(step.getMinThroughput()).isNull();
        assertThat(step.getMinEfficiency()).isNull();
    }
}
