package io.jenkins.plugins.gputraining;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.options.TrainOptions;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code trainOnGpu(command: 'python train.py', …)}: runs the training command under the bundled agent on the
 * build's node, streams the agent's status lines to the console, archives the run directory, attaches the build's
 * training page and returns the run analytics as a map. See docs/pipeline.md.
 */
public class TrainOnGpuStep extends GatedTrainingStep {
    private final String command;
    private String name;
    private String runDir;
    private String format;
    private String metricsFile;
    private String checkpoints;
    private Integer batchSize;
    private String gpus;
    private PauseMode pauseMode;
    private String resumeTemplate;
    private Double sampleInterval;
    private Double statusInterval;

    @DataBoundConstructor
    public TrainOnGpuStep(final String command) {
        this.command = command;
    }

    public String getCommand() {
        return command;
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(final String name) {
        this.name = name;
    }

    public String getRunDir() {
        return runDir;
    }

    @DataBoundSetter
    public void setRunDir(final String runDir) {
        this.runDir = runDir;
    }

    public String getFormat() {
        return format;
    }

    @DataBoundSetter
    public void setFormat(final String format) {
        this.format = format;
    }

    public String getMetricsFile() {
        return metricsFile;
    }

    @DataBoundSetter
    public void setMetricsFile(final String metricsFile) {
        this.metricsFile = metricsFile;
    }

    public String getCheckpoints() {
        return checkpoints;
    }

    @DataBoundSetter
    public void setCheckpoints(final String checkpoints) {
        this.checkpoints = checkpoints;
    }

    public Integer getBatchSize() {
        return batchSize;
    }

    @DataBoundSetter
    public void setBatchSize(final Integer batchSize) {
        this.batchSize = batchSize;
    }

    public String getGpus() {
        return gpus;
    }

    @DataBoundSetter
    public void setGpus(final String gpus) {
        this.gpus = gpus;
    }

    public PauseMode getPauseMode() {
        return pauseMode;
    }

    /** How a pause that names no mode pauses: {@code SUSPEND} (the agent's default) or {@code CHECKPOINT}. */
    @DataBoundSetter
    public void setPauseMode(final PauseMode pauseMode) {
        this.pauseMode = pauseMode;
    }

    public String getResumeTemplate() {
        return resumeTemplate;
    }

    @DataBoundSetter
    public void setResumeTemplate(final String resumeTemplate) {
        this.resumeTemplate = resumeTemplate;
    }

    public Double getSampleInterval() {
        return sampleInterval;
    }

    @DataBoundSetter
    public void setSampleInterval(final Double sampleInterval) {
        this.sampleInterval = sampleInterval;
    }

    public Double getStatusInterval() {
        return statusInterval;
    }

    @DataBoundSetter
    public void setStatusInterval(final Double statusInterval) {
        this.statusInterval = statusInterval;
    }

    /** The options, validated (a bad argument fails here with a message naming it). */
    TrainOptions options() {
        return new TrainOptions(command, name, runDir, format, metricsFile, checkpoints, batchSize, gpus,
                pauseMode == null ? null : pauseMode.jsonName(), resumeTemplate, sampleInterval, statusInterval);
    }

    @Override
    public StepExecution start(final StepContext context) throws Exception {
        return new TrainOnGpuExecution(context, options(), gates(), isArchiveCheckpoints());
    }

    @Extension
    @Symbol("trainOnGpu")
    public static class DescriptorImpl extends GatedStepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, Launcher.class, TaskListener.class, EnvVars.class,
                    Computer.class);
        }

        @Override
        public String getFunctionName() {
            return "trainOnGpu";
        }

        @Override
        public String getDisplayName() {
            return Messages.TrainOnGpuStep_DisplayName();
        }

        @POST
        public ListBoxModel doFillPauseModeItems(@AncestorInPath @CheckForNull final Item item) {
            return StepForms.canConfigure(item) ? StepForms.pauseModes() : new ListBoxModel();
        }
    }
}
