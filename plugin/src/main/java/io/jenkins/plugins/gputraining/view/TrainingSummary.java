package io.jenkins.plugins.gputraining.view;

import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.analytics.Alert;
import io.jenkins.plugins.gputraining.model.analytics.CheckpointStats;
import io.jenkins.plugins.gputraining.model.analytics.DataQuality;
import io.jenkins.plugins.gputraining.model.analytics.EfficiencyScores;
import io.jenkins.plugins.gputraining.model.analytics.LossStats;
import io.jenkins.plugins.gputraining.model.analytics.Performance;
import io.jenkins.plugins.gputraining.model.analytics.ResourceUtilization;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunDuration;
import io.jenkins.plugins.gputraining.model.analytics.RunSummary;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The few figures of one training run that a build keeps in its {@code build.xml}: enough for the build badge, the
 * job's trend charts, its summary table, the multi-run summary and comparisons, so that job pages never open the
 * archived artifacts. A plain immutable class (not a record) because Jenkins persists it with XStream, which cannot
 * restore records.
 */
public final class TrainingSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String runId;
    private final String name;
    private final String status;
    private final String startedAt;
    private final String endedAt;
    private final Integer exitCode;
    private final Double durationSeconds;
    private final Double throughput;
    private final Double gpuUtilization;
    private final Double peakGpuMemoryMb;
    private final Double energyWh;
    private final Double finalLoss;
    private final Double bestLoss;
    private final Double overallScore;
    private final Long steps;
    private final int alertCount;
    private final int criticalAlertCount;

    /**
     * @param runId the run's id (the agent's job id)
     * @param name its human-readable name
     * @param status running, paused, completed, failed or cancelled
     * @param startedAt ISO-8601 start
     * @param endedAt ISO-8601 end, or {@code null}
     * @param exitCode the training command's exit code
     * @param durationSeconds active seconds
     * @param throughput mean samples per second
     * @param gpuUtilization mean GPU utilisation, %
     * @param peakGpuMemoryMb highest GPU memory in use
     * @param energyWh GPU energy
     * @param finalLoss last finite loss
     * @param bestLoss lowest finite loss
     * @param overallScore overall efficiency score, 0–100
     * @param steps highest optimizer step
     * @param alertCount alerts raised
     * @param criticalAlertCount critical alerts raised
     */
    @SuppressWarnings("checkstyle:ParameterNumber")
    public TrainingSummary(final String runId, final String name, final String status, final String startedAt,
                           final String endedAt, final Integer exitCode, final Double durationSeconds,
                           final Double throughput, final Double gpuUtilization, final Double peakGpuMemoryMb,
                           final Double energyWh, final Double finalLoss, final Double bestLoss,
                           final Double overallScore, final Long steps, final int alertCount,
                           final int criticalAlertCount) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.name = name;
        this.status = Objects.requireNonNull(status, "status");
        this.startedAt = startedAt;
        this.endedAt = endedAt;
        this.exitCode = exitCode;
        this.durationSeconds = durationSeconds;
        this.throughput = throughput;
        this.gpuUtilization = gpuUtilization;
        this.peakGpuMemoryMb = peakGpuMemoryMb;
        this.energyWh = energyWh;
        this.finalLoss = finalLoss;
        this.bestLoss = bestLoss;
        this.overallScore = overallScore;
        this.steps = steps;
        this.alertCount = alertCount;
        this.criticalAlertCount = criticalAlertCount;
    }

    /** The summary of a run's analytics. */
    public static TrainingSummary of(final RunAnalytics analytics) {
        int critical = (int) analytics.alerts().stream().filter(alert -> "critical".equals(alert.severity())).count();
        return new TrainingSummary(analytics.runId(), analytics.name(), analytics.status(), analytics.startedAt(),
                analytics.endedAt(), analytics.exitCode(), analytics.duration().totalSeconds(),
                analytics.performance().averageSamplesPerSecond(),
                analytics.resourceUtilization().averageGpuUtilizationPercent(),
                analytics.resourceUtilization().peakGpuMemoryMb(), analytics.resourceUtilization().energyWh(),
                analytics.losses().finalLoss(), analytics.losses().best(), analytics.efficiency().overallScore(),
                analytics.performance().steps(), analytics.alerts().size(), critical);
    }

    /** The summary of a run still in progress, before its analytics are known. */
    public static TrainingSummary running(final String runId, final String name, final String startedAt) {
        return new TrainingSummary(runId, name, RunStatus.RUNNING.jsonName(), startedAt, null, null, null, null, null, null, null, null,
                null, null, null, 0, 0);
    }

    public String getRunId() {
        return runId;
    }

    public String getName() {
        return name;
    }

    /** The name to show: the run's name, else its job id. */
    public String getDisplayName() {
        return name == null || name.isBlank() ? runId : name;
    }

    public String getStatus() {
        return status;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public String getEndedAt() {
        return endedAt;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public Double getDurationSeconds() {
        return durationSeconds;
    }

    public Double getThroughput() {
        return throughput;
    }

    public Double getGpuUtilization() {
        return gpuUtilization;
    }

    public Double getPeakGpuMemoryMb() {
        return peakGpuMemoryMb;
    }

    public Double getEnergyWh() {
        return energyWh;
    }

    public Double getFinalLoss() {
        return finalLoss;
    }

    public Double getBestLoss() {
        return bestLoss;
    }

    public Double getOverallScore() {
        return overallScore;
    }

    public Long getSteps() {
        return steps;
    }

    public int getAlertCount() {
        return alertCount;
    }

    public int getCriticalAlertCount() {
        return criticalAlertCount;
    }

    /** Whether the run ended (completed, failed or cancelled). */
    public boolean isFinished() {
        return RunStatus.isFinished(status);
    }

    /** The efficiency band of the overall score (the badge's colour). */
    public EfficiencyBand getBand() {
        return EfficiencyBand.of(overallScore);
    }

    /**
     * This summary as the model's multi-run summary input, under another id (the run's key in the job, such as the
     * build number).
     */
    public RunSummary toRunSummary(final String key) {
        return new RunSummary(key, getDisplayName(), status, startedAt, durationSeconds, throughput, overallScore,
                finalLoss, bestLoss, gpuUtilization, peakGpuMemoryMb, energyWh, alertCount);
    }

    /**
     * Run analytics that carry only the figures a comparison reads (the rest unknown), so that the model's
     * {@code ComparisonCalculator} compares builds from their {@code build.xml} summaries without opening artifacts.
     *
     * @param key the id the comparison names the run by
     */
    public RunAnalytics toComparableAnalytics(final String key) {
        List<Alert> noAlerts = List.of();
        return new RunAnalytics(key, getDisplayName(), status, startedAt, endedAt, exitCode,
                new RunDuration(durationSeconds, null, null, null, null),
                new Performance(throughput, null, null, null, steps),
                new ResourceUtilization(gpuUtilization, null, peakGpuMemoryMb, null, null, null, energyWh, 0, 0),
                new CheckpointStats(0, List.of()), new LossStats(null, finalLoss, bestLoss, null, 0),
                new EfficiencyScores(null, null, overallScore), noAlerts, gpuUtilization != null, null,
                new DataQuality(0, 0, 0, List.of(), List.of()));
    }

    @Override
    public boolean equals(final Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof TrainingSummary that)) {
            return false;
        }
        return alertCount == that.alertCount && criticalAlertCount == that.criticalAlertCount
                && runId.equals(that.runId) && Objects.equals(name, that.name) && status.equals(that.status)
                && Objects.equals(startedAt, that.startedAt) && Objects.equals(endedAt, that.endedAt)
                && Objects.equals(exitCode, that.exitCode) && Objects.equals(durationSeconds, that.durationSeconds)
                && Objects.equals(throughput, that.throughput) && Objects.equals(gpuUtilization, that.gpuUtilization)
                && Objects.equals(peakGpuMemoryMb, that.peakGpuMemoryMb) && Objects.equals(energyWh, that.energyWh)
                && Objects.equals(finalLoss, that.finalLoss) && Objects.equals(bestLoss, that.bestLoss)
                && Objects.equals(overallScore, that.overallScore) && Objects.equals(steps, that.steps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runId, status, startedAt, finalLoss, overallScore);
    }

    @Override
    public String toString() {
        return "TrainingSummary[" + runId + ", " + status + ", loss " + finalLoss + ", score " + overallScore + "]";
    }
}
