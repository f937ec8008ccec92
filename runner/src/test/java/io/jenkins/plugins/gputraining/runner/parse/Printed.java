package io.jenkins.plugins.gputraining.runner.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * How precisely a program prints its numbers, and the comparisons "at the printed precision" the fixture tests make:
 * a parsed value matches the truth when it is the truth rounded as the program rounds it.
 */
record Printed(int digits, boolean significant) {
    /** {@code %.4f}: four decimals. */
    static Printed decimals(final int digits) {
        return new Printed(digits, false);
    }

    /** {@code %.3g}, {@code %.4e}: significant digits. */
    static Printed significant(final int digits) {
        return new Printed(digits, true);
    }

    /** Half a unit of the last printed digit of {@code truth}, plus room for binary fractions. */
    double tolerance(final double truth) {
        if (!significant || truth == 0) {
            return 0.5 * Math.pow(10, -digits) + 1e-12;
        }
        int exponent = (int) Math.floor(Math.log10(Math.abs(truth)));
        return 0.5 * Math.pow(10, exponent - digits + 1) * 1.0001 + 1e-12;
    }

    void assertMatches(final double parsed, final double truth, final String what) {
        assertThat(parsed).as(what).isCloseTo(truth, within(tolerance(truth)));
    }

    /** Initial, final and best of the parsed losses against those of the truth, at this precision. */
    void assertSummary(final List<Observation> parsed, final List<Double> truth) {
        assertThat(parsed).as("parsed losses").isNotEmpty();
        assertThat(truth).as("truth losses").isNotEmpty();
        ToDoubleFunction<Observation> loss = Observation::loss;
        assertMatches(loss.applyAsDouble(parsed.get(0)), truth.get(0), "initial loss");
        assertMatches(loss.applyAsDouble(parsed.get(parsed.size() - 1)), truth.get(truth.size() - 1), "final loss");
        assertMatches(parsed.stream().mapToDouble(loss).min().orElseThrow(),
                truth.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), "best loss");
    }

    /**
     * Every parsed (step, loss) against the truth's loss at that step ({@code losses}: rows of step and loss, the
     * truth's steps {@code stepOffset} below the parsed ones), and the summary over those steps.
     */
    void assertAtTheirSteps(final List<Observation> parsed, final Truth truth, final String losses,
                            final long stepOffset) {
        assertThat(parsed).isNotEmpty();
        List<Double> expected = new ArrayList<>();
        for (Observation record : parsed) {
            assertThat(record.step()).as("step of a record").isNotNull();
            double value = truth.lookup(losses, record.step() - stepOffset);
            assertMatches(record.loss(), value, "loss at step " + record.step());
            expected.add(value);
        }
        assertSummary(parsed, expected);
    }
}
