package io.jenkins.plugins.gputraining.model.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The multi-run summary: the summary shape of the analytics contract (docs/analytics.md).
 *
 * @param totalRuns how many runs
 * @param runsByStatus runs per status, every status listed
 * @param averageDurationSeconds mean active duration of finished runs
 * @param totalTrainingSeconds active seconds of all runs
 * @param averageThroughputSamplesPerSec mean of the runs' mean throughput
 * @param topPerformingRuns the best runs by overall score (at most {@link SummaryCalculator#TOP_RUNS})
 * @param resourceTrends GPU usage across runs
 * @param unreadableRuns run directories that could not be read, with the reason
 * @param runsWithDataProblems runs that were read but whose data was partly damaged ({@code id: what}), in job id
 *         order
 */
public record Summary(@JsonProperty("total_jobs") int totalRuns,
                      @JsonProperty("jobs_by_status") Map<String, Integer> runsByStatus, Double averageDurationSeconds,
                      Double totalTrainingSeconds, Double averageThroughputSamplesPerSec,
                      @JsonProperty("top_performing_jobs") List<TopRun> topPerformingRuns, ResourceTrends resourceTrends, List<String> unreadableRuns,
                      List<String> runsWithDataProblems) {
    public Summary {
        topPerformingRuns = List.copyOf(topPerformingRuns);
        unreadableRuns = List.copyOf(unreadableRuns);
        runsWithDataProblems = List.copyOf(runsWithDataProblems);
    }
}
