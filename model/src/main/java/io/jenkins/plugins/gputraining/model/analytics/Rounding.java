package io.jenkins.plugins.gputraining.model.analytics;

/** Rounds reported figures so JSON and tables stay readable; {@code null} and non-finite values become null. */
final class Rounding {
    private Rounding() {
    }

    static Double round(final Double value, final int decimals) {
        if (value == null || !Double.isFinite(value)) {
            return null;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** Rounds to significant digits, for losses that may be tiny. */
    static Double significant(final Double value, final int digits) {
        if (value == null || !Double.isFinite(value)) {
            return null;
        }
        if (value == 0) {
            return 0.0;
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(digits)).doubleValue();
    }
}
