package io.jenkins.plugins.gputraining.model.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * GPU usage across runs: aggregates, and the most recent runs in start order for a trend chart.
 *
 * @param averageGpuUtilizationPercent mean of the runs' mean GPU utilisation
 * @param peakGpuMemoryMb highest GPU memory any run used
 * @param totalEnergyWh energy of all runs that measured it
 * @param recentRuns the latest runs by start time (at most {@link SummaryCalculator#TREND_RUNS}), oldest first
 */
public record ResourceTrends(Double averageGpuUtilizationPercent, Double peakGpuMemoryMb, Double totalEnergyWh,
                             List<TrendPoint> recentRuns) {
    public ResourceTrends {
        recentRuns = List.copyOf(recentRuns);
    }

    /**
     * One run in the trend.
     *
     * @param runId the run's id
     * @param startedAt ISO-8601 start
     * @param averageGpuUtilizationPercent mean GPU utilisation
     * @param peakGpuMemoryMb highest GPU memory in use
     * @param energyWh GPU energy
     * @param averageSamplesPerSecond mean throughput
     * @param overallScore overall efficiency score
     */
    public record TrendPoint(@JsonProperty("job_id") String runId, String startedAt, Double averageGpuUtilizationPercent,
                             Double peakGpuMemoryMb, Double energyWh, Double averageSamplesPerSecond,
                             Double overallScore) {
    }
}
