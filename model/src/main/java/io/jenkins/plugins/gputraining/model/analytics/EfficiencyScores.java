package io.jenkins.plugins.gputraining.model.analytics;

/**
 * Scores from 0 to 100, defined in docs/analytics.md.
 *
 * @param gpuUtilizationScore the mean GPU utilisation
 * @param throughputScore sustained throughput as a share of the run's own peak: average / peak × 100
 * @param overallScore the mean of the scores that are known
 */
public record EfficiencyScores(Double gpuUtilizationScore, Double throughputScore, Double overallScore) {
}
