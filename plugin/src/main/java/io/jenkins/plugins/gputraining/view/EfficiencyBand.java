package io.jenkins.plugins.gputraining.view;

import java.util.Locale;

/**
 * The colour band of an overall efficiency score, as docs/analytics.md defines them: above 90 green,
 * above 70 yellow, else red; an unknown score is grey "n/a".
 */
public enum EfficiencyBand {
    GREEN,
    YELLOW,
    RED,
    UNKNOWN;

    /** The band of a score (0–100), {@link #UNKNOWN} for {@code null} or a non-finite value. */
    public static EfficiencyBand of(final Double score) {
        if (score == null || !Double.isFinite(score)) {
            return UNKNOWN;
        }
        if (score > 90) {
            return GREEN;
        }
        if (score > 70) {
            return YELLOW;
        }
        return RED;
    }

    /** The CSS class of a badge in this band ({@code gpu-training-badge--green}, …). */
    public String cssClass() {
        return "gpu-training-badge--" + name().toLowerCase(Locale.ROOT);
    }

    /** The badge text of a score in this band: the rounded score, or {@code n/a}. */
    public static String label(final Double score) {
        return of(score) == UNKNOWN ? "n/a" : String.valueOf(Math.round(score));
    }
}
