package io.jenkins.plugins.gputraining.model.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MinMaxDownsamplerTest {
    private static final double NaN = Double.NaN;

    @Test
    void keepsASpikeThatAveragingWouldHide() {
        Series loss = sine(10_000).withName("loss");
        double[] x = loss.xs();
        double[] y = loss.ys();
        y[6_543] = 1_000;
        Series spiky = Series.of("loss", x, y);

        Series thinned = MinMaxDownsampler.downsample(spiky, 100);

        assertThat(thinned.size()).isLessThanOrEqualTo(100);
        assertThat(thinned.ys()).contains(1_000);
        assertThat(thinned.xs()).contains(6_543);
    }

    @Test
    void breaksTheLineWhereTheInputHasAGap() {
        // 0..999 finite, then a single missing value, then finite again.
        double[] x = new double[2_000];
        double[] y = new double[2_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = i == 1_000 ? NaN : 1;
        }

        Series thinned = MinMaxDownsampler.downsample(Series.of("loss", x, y), 20);

        assertThat(thinned.xs()).contains(1_000);
        int gap = indexOf(thinned.xs(), 1_000);
        assertThat(thinned.y(gap)).isNaN();
        assertThat(thinned.x(gap - 1)).isLessThan(1_000);
        assertThat(thinned.x(gap + 1)).isGreaterThan(1_000);
    }

    @Test
    void keepsTheLastPointEvenWhenItIsAGap() {
        Series series = Series.of("loss", new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
                new double[] {1, 2, 3, 4, 5, 6, 7, 8, NaN, NaN});

        Series thinned = MinMaxDownsampler.downsample(series, 7);

        assertThat(thinned.x(thinned.size() - 1)).isEqualTo(9);
        assertThat(thinned.y(thinned.size() - 1)).isNaN();
        assertThat(thinned.ys()).contains(1, 8);
        assertThat(java.util.Arrays.stream(thinned.ys()).filter(Double::isNaN).count())
                .as("one gap marker is enough before the end").isEqualTo(1);
    }

    @Test
    void rejectsABudgetBelowTheMinimum() {
        assertThatThrownBy(() -> MinMaxDownsampler.downsample(sine(100), 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPoints must be at least 7, was 6");
    }

    @Test
    void thinsAHundredThousandPointsToExactlyTheBudget() {
        // Speed is measured by the JMH comparison benchmark (docs/performance.md), not asserted here.
        Series thinned = MinMaxDownsampler.downsample(sine(100_000), 1_000);

        assertThat(thinned.size()).isEqualTo(1_000);
        assertThat(thinned.x(0)).isZero();
        assertThat(thinned.x(thinned.size() - 1)).isEqualTo(99_999);
    }

    private static Series sine(final int size) {
        double[] x = new double[size];
        double[] y = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = i;
            y[i] = Math.sin(i / 100.0) + i * 1e-6;
        }
        return Series.of("sine", x, y);
    }

    private static int indexOf(final double[] values, final double value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
