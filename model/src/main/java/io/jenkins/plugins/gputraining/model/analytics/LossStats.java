package io.jenkins.plugins.gputraining.model.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Training loss over the run; non-finite losses are left out (and raise an alert).
 *
 * @param initial the first finite loss
 * @param finalLoss the last finite loss (JSON {@code final})
 * @param best the lowest finite loss
 * @param reductionPercent {@code (initial - final) / |initial| × 100}
 * @param nonFiniteCount how many losses were NaN or infinite
 */
public record LossStats(Double initial, @JsonProperty("final") Double finalLoss,
                        Double best, Double reductionPercent, long nonFiniteCount) {
}
