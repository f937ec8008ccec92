package io.jenkins.plugins.gputraining.model.analytics;

/**
 * When the run analytics raise an alert; each check and default is documented in docs/analytics.md.
 *
 * @param divergenceFactor loss diverged when the final loss exceeds the initial loss times this
 * @param minLossPoints fewest finite losses before divergence is judged
 * @param idleUtilizationPercent a GPU sample below this utilisation counts as idle
 * @param idleShare a GPU is mostly idle when at least this share of its samples are idle
 * @param warmupSeconds samples this soon after the start are not judged for idleness (context and cuBLAS warm-up)
 * @param minIdleSamples fewest judged samples before idleness is reported
 * @param throttleShare throttling is reported when at least this share of a GPU's samples show it
 * @param memoryFullFraction GPU memory is near full when used/total reaches this
 */
public record AlertThresholds(double divergenceFactor, int minLossPoints, double idleUtilizationPercent,
                              double idleShare, double warmupSeconds, int minIdleSamples, double throttleShare,
                              double memoryFullFraction) {
    /** The documented defaults. */
    public static AlertThresholds defaults() {
        return new AlertThresholds(1.5, 5, 10, 0.5, 30, 10, 0.25, 0.95);
    }
}
