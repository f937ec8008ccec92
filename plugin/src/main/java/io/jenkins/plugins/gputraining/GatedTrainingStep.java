package io.jenkins.plugins.gputraining;

import io.jenkins.plugins.gputraining.gate.AlertGate;
import io.jenkins.plugins.gputraining.gate.GateResult;
import io.jenkins.plugins.gputraining.gate.QualityGates;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What {@code trainOnGpu} and {@code recordTraining} share: the quality gates on the run's analytics and whether
 * checkpoints are archived too.
 */
public abstract class GatedTrainingStep extends Step {
    private Double maxFinalLoss;
    private Double minGpuUtilization;
    private Double minThroughput;
    private Double minEfficiency;
    private String failOnAlerts;
    private String gateResult;
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

    public String getFailOnAlerts() {
        return failOnAlerts;
    }

    /** Which alerts fail the gate: none (default), any, critical. */
    @DataBoundSetter
    public void setFailOnAlerts(final String failOnAlerts) {
        this.failOnAlerts = failOnAlerts;
    }

    public String getGateResult() {
        return gateResult;
    }

    /** What a failed gate makes the build: UNSTABLE (default) or FAILURE. */
    @DataBoundSetter
    public void setGateResult(final String gateResult) {
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
        return new QualityGates(maxFinalLoss, minGpuUtilization, minThroughput, minEfficiency,
                AlertGate.parse(failOnAlerts), GateResult.parseFailureResult(gateResult));
    }
}
