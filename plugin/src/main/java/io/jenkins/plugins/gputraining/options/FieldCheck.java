package io.jenkins.plugins.gputraining.options;

/**
 * What the Snippet Generator's form checks say about a step argument typed in a text field; blank means "not set"
 * and is fine. The glue turns a verdict into a localized form message; the arguments themselves are validated again
 * when the step starts ({@code QualityGates}, {@code TrainOptions}).
 */
public enum FieldCheck {
    OK,
    NOT_A_NUMBER,
    NOT_FINITE,
    NOT_A_PERCENTAGE,
    NEGATIVE,
    NOT_A_POSITIVE_WHOLE_NUMBER;

    /** A finite number (a loss threshold). */
    public static FieldCheck finite(final String value) {
        if (isBlank(value)) {
            return OK;
        }
        Double number = parse(value);
        if (number == null) {
            return NOT_A_NUMBER;
        }
        return Double.isFinite(number) ? OK : NOT_FINITE;
    }

    /** A number from 0 to 100 (utilisation, efficiency). */
    public static FieldCheck percentage(final String value) {
        FieldCheck finite = finite(value);
        if (finite != OK || isBlank(value)) {
            return finite;
        }
        double number = parse(value);
        return number >= 0 && number <= 100 ? OK : NOT_A_PERCENTAGE;
    }

    /** A finite number of 0 or more (throughput). */
    public static FieldCheck nonNegative(final String value) {
        FieldCheck finite = finite(value);
        if (finite != OK || isBlank(value)) {
            return finite;
        }
        return parse(value) >= 0 ? OK : NEGATIVE;
    }

    /** A whole number of 1 or more (a count of builds). */
    public static FieldCheck positiveWholeNumber(final String value) {
        if (isBlank(value)) {
            return OK;
        }
        try {
            return Integer.parseInt(value.trim()) >= 1 ? OK : NOT_A_POSITIVE_WHOLE_NUMBER;
        }
        catch (NumberFormatException e) {
            return NOT_A_POSITIVE_WHOLE_NUMBER;
        }
    }

    private static boolean isBlank(final String value) {
        return value == null || value.isBlank();
    }

    private static Double parse(final String value) {
        try {
            return Double.valueOf(value.trim());
        }
        catch (NumberFormatException e) {
            return null;
        }
    }
}
