package io.jenkins.plugins.gputraining;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code pauseTraining()} on this build, or {@code pauseTraining(job: 'train-llm', build: 42)} on another
 * job's running training build. Needs Item.CANCEL on that job.
 */
public class PauseTrainingStep extends ControlTrainingStep {
    private String mode;

    @DataBoundConstructor
    public PauseTrainingStep() {
    }

    public String getMode() {
        return mode;
    }

    /** suspend (SIGSTOP the process tree) or checkpoint (checkpoint and exit, freeing the GPU); default: the run's. */
    @DataBoundSetter
    public void setMode(final String mode) {
        this.mode = mode;
    }

    @Override
    String mode() {
        return mode;
    }

    @Override
    ControlAction action() {
        return ControlAction.PAUSE;
    }

    @Extension
    @Symbol("pauseTraining")
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return "pauseTraining";
        }

        @Override
        public String getDisplayName() {
            return "Pause a running training build";
        }
    }
}
