package io.jenkins.plugins.gputraining.model.progress;

/**
 * Where a record parser reports a value it left out while keeping the record: well-formed, but outside the range
 * the format documents for its field (docs/progress-format.md, "Strictness"). Counted and reported by the reader.
 */
@FunctionalInterface
interface SkippedValues {
    void skipped(String message);

    /** The value when it lies in [min, max]; otherwise reports it and returns {@code null}. NaN is outside. */
    default Double inRange(final Double value, final String field, final double min, final double max) {
        if (value == null || value >= min && value <= max) {
            return value;
        }
        skipped("\"" + field + "\" " + ProgressJson.spell(value) + " is outside its range " + ProgressJson.spell(min)
                + " to " + ProgressJson.spell(max) + "; value left out");
        return null;
    }

    /** The value when it is at least 0; otherwise reports it and returns {@code null}. */
    default Long nonNegative(final Long value, final String field) {
        if (value == null || value >= 0) {
            return value;
        }
        skipped("\"" + field + "\" " + value + " is negative; value left out");
        return null;
    }
}
