package io.jenkins.plugins.gputraining;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gputraining.gate.AlertGate;
import io.jenkins.plugins.gputraining.gate.GateResult;
import io.jenkins.plugins.gputraining.gate.QualityGates;
import io.jenkins.plugins.gputraining.options.FieldCheck;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What {@code trainOnGpu} and {@code recordTraining} share: the quality gates on the run's analytics and whether
 * checkpoints are archived too; in the Snippet Generator, the {@code <g:qualityGates/>} block (tags/qualityGates.jelly),
 * its help (GatedTrainingStep/help-*.html) and its checks and choices ({@link GatedStepDescriptor}).
 */
public abstract class GatedTrainingStep extends Step {
    private Double maxFinalLoss;
    private Double minGpuUtilization;
    private Double minThroughput;
    private Double minEfficiency;
    private AlertGate failOnAlerts;
    private GateResult gateResult;
    private boolean archiveCheckpoints;

    public Double getMaxFinalLoss() {
        return maxFinalLoss;
    }

    /** The highest acceptable final loss. */
    @DataBoundSetter
    public void setMaxFinalLoss(final Double maxFinalLoss) {
        this.maxFinalLoss = maxFinalLoss;
    }

    public Double getMinGpuUtilization() {
        return minGpuUtilization;
    }

    /** The lowest acceptable mean GPU utilisation, %. */
    @DataBoundSetter
    public void setMinGpuUtilization(final Double minGpuUtilization) {
        this.minGpuUtilization = minGpuUtilization;
    }

    public Double getMinThroughput() {
        return minThroughput;
    }

    /** The lowest acceptable mean throughput, samples/s. */
    @DataBoundSetter
    public void setMinThroughput(final Double minThroughput) {
        this.minThroughput = minThroughput;
    }

    public Double getMinEfficiency() {
        return minEfficiency;
    }

    /** The lowest acceptable overall efficiency score, 0–100. */
    @DataBoundSetter
    public void setMinEfficiency(final Double minEfficiency) {
        this.minEfficiency = minEfficiency;
    }

    public AlertGate getFailOnAlerts() {
        return failOnAlerts;
    }

    /** Which alerts fail the gate: {@code NONE} (default), {@code ANY}, {@code CRITICAL}. */
    @DataBoundSetter
    public void setFailOnAlerts(final AlertGate failOnAlerts) {
        this.failOnAlerts = failOnAlerts;
    }

    public GateResult getGateResult() {
        return gateResult;
    }

    /** What a failed gate makes the build: {@code UNSTABLE} (default) or {@code FAILURE}. */
    @DataBoundSetter
    public void setGateResult(final GateResult gateResult) {
        this.gateResult = gateResult;
    }

    public boolean isArchiveCheckpoints() {
        return archiveCheckpoints;
    }

    /** Whether to archive the run's checkpoints too (they can be huge; default false). */
    @DataBoundSetter
    public void setArchiveCheckpoints(final boolean archiveCheckpoints) {
        this.archiveCheckpoints = archiveCheckpoints;
    }

    /** The gates, validated. */
    QualityGates gates() {
        return new QualityGates(maxFinalLoss, minGpuUtilization, minThroughput, minEfficiency, failOnAlerts,
                gateResult);
    }

    /**
     * The descriptor of {@code trainOnGpu} and {@code recordTraining}: the quality gates' checks and choices in the
     * Snippet Generator, answered with POST to those who may configure the job.
     */
    public abstract static class GatedStepDescriptor extends StepDescriptor {
        @POST
        public FormValidation doCheckMaxFinalLoss(@AncestorInPath @CheckForNull final Item item,
                                                  @QueryParameter final String value) {
            if (!StepForms.canConfigure(item)) {
                return FormValidation.ok();
            }
            return StepForms.validation(FieldCheck.finite(value));
        }

        @POST
        public FormValidation doCheckMinGpuUtilization(@AncestorInPath @CheckForNull final Item item,
                                                       @QueryParameter final String value) {
            if (!StepForms.canConfigure(item)) {
                return FormValidation.ok();
            }
            return StepForms.validation(FieldCheck.percentage(value));
        }

        @POST
        public FormValidation doCheckMinThroughput(@AncestorInPath @CheckForNull final Item item,
                                                   @QueryParameter final String value) {
            if (!StepForms.canConfigure(item)) {
                return FormValidation.ok();
            }
            return StepForms.validation(FieldCheck.nonNegative(value));
        }

        @POST
        public FormValidation doCheckMinEfficiency(@AncestorInPath @CheckForNull final Item item,
                                                   @QueryParameter final String value) {
            if (!StepForms.canConfigure(item)) {
                return FormValidation.ok();
            }
            return StepForms.validation(FieldCheck.percentage(value));
        }

        @POST
        public ListBoxModel doFillFailOnAlertsItems(@AncestorInPath @CheckForNull final Item item) {
            return StepForms.canConfigure(item) ? StepForms.alertGates() : new ListBoxModel();
        }

        @POST
        public ListBoxModel doFillGateResultItems(@AncestorInPath @CheckForNull final Item item) {
            return StepForms.canConfigure(item) ? StepForms.gateResults() : new ListBoxModel();
        }
    }
}
