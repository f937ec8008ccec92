package io.jenkins.plugins.gputraining.model.analytics;

import java.util.List;
import java.util.Map;

/**
 * The multi-run summary: the seed's {@code calculate_system_analytics} shape.
 *
 * @param totalJobs how many runs
 * @param jobsByStatus runs per status, every status listed
 * @param averageDurationSeconds mean active duration of finished runs
 * @param totalTrainingSeconds active seconds of all runs
 * @param averageThroughputSamplesPerSec mean of the runs' mean throughput
 * @param topPerformingJobs the best runs by overall score (at most {@link SummaryCalculator#TOP_JOBS})
 * @param resourceTrends GPU usage across runs
 * @param unreadableRuns run directories that could not be read, with the reason
 */
public record Summary(int totalJobs, Map<String, Integer> jobsByStatus, Double averageDurationSeconds,
                      Double totalTrainingSeconds, Double averageThroughputSamplesPerSec,
                      List<TopJob> topPerformingJobs, ResourceTrends resourceTrends, List<String> unreadableRuns) {
    public Summary {
        topPerformingJobs = List.copyOf(topPerformingJobs);
        unreadableRuns = List.copyOf(unreadableRuns);
    }
}
