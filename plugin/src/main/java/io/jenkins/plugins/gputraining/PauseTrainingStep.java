package io.jenkins.plugins.gputraining;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code pauseTraining()} on this build, or {@code pauseTraining(job: 'train-llm', build: 42)} on another
 * job's running training build. Needs Item.CANCEL on that job.
 */
public class PauseTrainingStep extends ControlTrainingStep {
    private PauseMode mode;

    @DataBoundConstructor
    public PauseTrainingStep() {
    }

    public PauseMode getMode() {
        return mode;
    }

    /** {@code SUSPEND} (SIGSTOP the process tree) or {@code CHECKPOINT} (checkpoint and exit, freeing the GPU); default:
     * the run's. */
    @DataBoundSetter
    public void setMode(final PauseMode mode) {
        this.mode = mode;
    }

    @Override
    PauseMode mode() {
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
            return Messages.PauseTrainingStep_DisplayName();
        }

        @POST
        public ListBoxModel doFillModeItems(@AncestorInPath @CheckForNull final Item item) {
            return StepForms.canConfigure(item) ? StepForms.pauseModes() : new ListBoxModel();
        }
    }
}
