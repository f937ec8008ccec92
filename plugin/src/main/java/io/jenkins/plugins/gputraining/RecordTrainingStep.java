package io.jenkins.plugins.gputraining;

import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gputraining.gate.QualityGates;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.options.Arguments;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code recordTraining(runDir: 'runs/baseline')}: archives a run directory written by the agent under {@code sh}
 * (the durable way for multi-day training, which survives controller restarts), attaches the build's training page,
 * applies the quality gates and returns the run analytics as a map.
 */
public class RecordTrainingStep extends GatedTrainingStep {
    private final String runDir;
    private String name;

    @DataBoundConstructor
    public RecordTrainingStep(final String runDir) {
        this.runDir = runDir;
    }

    public String getRunDir() {
        return runDir;
    }

    public String getName() {
        return name;
    }

    /** The run's id and label in the build (default: the run directory's name). */
    @DataBoundSetter
    public void setName(final String name) {
        this.name = name;
    }

    @Override
    public StepExecution start(final StepContext context) throws Exception {
        String directory = Arguments.text(Arguments.trimToNull(runDir), "runDir", 1000, false);
        if (directory == null) {
            throw new IllegalArgumentException("recordTraining needs runDir: the run directory the agent wrote");
        }
        String label = Arguments.text(Arguments.trimToNull(name), "name", 200, false);
        return new Execution(context, directory, label, gates(), isArchiveCheckpoints());
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final String runDir;
        private final String name;
        private final transient QualityGates gates;
        private final boolean archiveCheckpoints;

        Execution(final StepContext context, final String runDir, final String name, final QualityGates gates,
                  final boolean archiveCheckpoints) {
            super(context);
            this.runDir = runDir;
            this.name = name;
            this.gates = gates;
            this.archiveCheckpoints = archiveCheckpoints;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepContext context = getContext();
            Run<?, ?> build = context.get(Run.class);
            FilePath workspace = context.get(FilePath.class);
            Launcher launcher = context.get(Launcher.class);
            TaskListener listener = context.get(TaskListener.class);
            FilePath directory = workspace.child(runDir);
            if (!directory.child(ProgressFormat.PROGRESS_FILE).exists()) {
                throw new AbortException("recordTraining: " + directory.getRemote() + " is not a run directory "
                        + "(no progress.json); point runDir at the agent's --out directory");
            }
            String base = Arguments.runId(name != null ? name : directory.getName());
            TrainingBuildAction action = TrainingBuildAction.attach(build);
            TrainingRun run = action.allocate(base, name != null ? name : directory.getName(), "recordTraining",
                    Instant.now().toString());
            List<String> checkpoints = TrainingRecorder.archive(build, directory, workspace, archiveCheckpoints, run,
                    launcher, listener);
            Map<String, Object> analytics = TrainingRecorder.finish(build, action, run,
                    gates == null ? QualityGates.none() : gates, checkpoints, listener);
            if (!run.getSummary().isFinished()) {
                listener.getLogger().println(TrainingRecorder.PREFIX + "Note: run " + run.getId() + " was still "
                        + run.getStatus() + " when recorded; it is recorded as it was then");
            }
            return analytics;
        }
    }

    @Extension
    @Symbol("recordTraining")
    public static class DescriptorImpl extends GatedStepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, Launcher.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return "recordTraining";
        }

        @Override
        public String getDisplayName() {
            return Messages.RecordTrainingStep_DisplayName();
        }
    }
}
