package io.jenkins.plugins.gputraining;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.DataBoundConstructor;


/**
 * {@code resumeTraining()} on this build, or {@code resumeTraining(job: 'train-llm', build: 42)} on another
 * job's running training build. Needs Item.CANCEL on that job.
 */
public class ResumeTrainingStep extends ControlTrainingStep {

    @DataBoundConstructor
    public ResumeTrainingStep() {
    }


    @Override
    ControlAction action() {
        return ControlAction.RESUME;
    }

    @Extension
    @Symbol("resumeTraining")
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return "resumeTraining";
        }

        @Override
        public String getDisplayName() {
            return Messages.ResumeTrainingStep_DisplayName();
        }
    }
}
