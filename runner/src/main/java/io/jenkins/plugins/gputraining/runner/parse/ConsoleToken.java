package io.jenkins.plugins.gputraining.runner.parse;

/**
 * One number a console line shows, with the name the line gives it.
 *
 * @param kind what shape the number has
 * @param name the name as printed ({@code Avg. loss}, {@code train-logloss}, {@code Epoch}), or {@code null} when the
 *         number stands alone ({@code 15/40} of a progress bar, a table cell, {@code [0]} of an xgboost round)
 * @param value the number; for a counter its position {@code n} of {@code n/N}
 * @param total a counter's {@code N}, or NaN when it shows none ({@code [0]}, {@code Epoch: [3]})
 * @param average the running average a meter shows in parentheses after the value ({@code Loss 0.45 (0.52)}),
 *         else NaN
 * @param unit what is printed right after the number ({@code ms}, {@code %}, {@code it/s}, {@code ms/step},
 *         {@code tok/s}, {@code clock} for {@code 0:00:03}), or {@code null}
 * @param bracketed whether a counter is written in brackets ({@code [2/5]}, {@code [ 3/160146]})
 * @param start where the number starts in the line, for reading a table by its header's columns
 * @param end where it ends (exclusive)
 */
record ConsoleToken(Kind kind, String name, double value, double total, double average, String unit,
                    boolean bracketed, int start, int end) {
    /** The shapes of numbers in a console line. */
    enum Kind {
        /** {@code name: v}, {@code name = v}, {@code name=v}, {@code Name v}, or a bare number. */
        NUMBER,
        /** {@code n/N}, {@code [n/N]}, {@code [n]}, {@code Epoch 1/3}. */
        COUNTER,
        /** A name followed by a colon and no number ({@code Test set:} before {@code Average loss: 0.5}). */
        LABEL
    }

    static ConsoleToken label(final String name, final int start, final int end) {
        return new ConsoleToken(Kind.LABEL, name, Double.NaN, Double.NaN, Double.NaN, null, false, start, end);
    }

    boolean isNamed() {
        return name != null;
    }

    boolean hasTotal() {
        return !Double.isNaN(total);
    }

    boolean hasAverage() {
        return !Double.isNaN(average);
    }

    /** The same number under another name (a table column's). */
    ConsoleToken named(final String newName) {
        return new ConsoleToken(kind, newName, value, total, average, unit, bracketed, start, end);
    }
}
