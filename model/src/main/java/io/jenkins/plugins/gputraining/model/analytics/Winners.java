package io.jenkins.plugins.gputraining.model.analytics;

/**
 * The winner of each comparison category, by job id; {@code null} when no run has the metric.
 *
 * @param bestThroughput highest mean throughput
 * @param bestLoss lowest final loss
 * @param fastest shortest active duration among completed runs
 * @param mostEfficient highest overall efficiency score
 */
public record Winners(String bestThroughput, String bestLoss, String fastest, String mostEfficient) {
}
