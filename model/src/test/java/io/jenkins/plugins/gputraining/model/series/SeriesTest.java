package io.jenkins.plugins.gputraining.model.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeriesTest {
    @Test
    void copiesTheArraysItIsGiven() {
        double[] x = {1, 2, 3};
        double[] y = {10, 20, 30};
        Series series = Series.of("loss", x, y);

        x[0] = 99;
        y[0] = 99;
        series.xs()[1] = 99;

        assertThat(series.xs()).containsExactly(1, 2, 3);
        assertThat(series.ys()).containsExactly(10, 20, 30);
    }

    @Test
    void storesAnInfiniteYAsAGap() {
        Series series = Series.of("loss", new double[] {1, 2, 3},
                new double[] {1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});

        assertThat(series.isGap(0)).isFalse();
        assertThat(series.isGap(1)).isTrue();
        assertThat(series.y(2)).isNaN();
    }

    @Test
    void acceptsRepeatedXButRejectsDecreasingX() {
        assertThat(Series.of("s", new double[] {1, 1, 2}, new double[] {0, 0, 0}).size()).isEqualTo(3);

        assertThatThrownBy(() -> Series.of("loss", new double[] {1, 3, 2}, new double[] {0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series \"loss\": x must not decrease, but x[2] = 2.0 < x[1] = 3.0");
    }

    @Test
    void rejectsNonFiniteXAndArraysOfDifferentLengths() {
        assertThatThrownBy(() -> Series.of("loss", new double[] {1, Double.NaN}, new double[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x[1] is NaN");
        assertThatThrownBy(() -> Series.of("loss", new double[] {1, 2}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 x values but 1 y values");
    }

    @Test
    void builderGrowsAndSortsStablyWhenXWentBackwards() {
        Series.Builder builder = Series.builder("power", 1);
        for (int i = 0; i < 100; i++) {
            builder.add(i, i);
        }
        builder.add(50, -1).add(50, -2);

        Series series = builder.build();

        assertThat(series.size()).isEqualTo(102);
        assertThat(series.x(50)).isEqualTo(50);
        assertThat(new double[] {series.y(50), series.y(51), series.y(52)}).containsExactly(50, -1, -2);
        assertThat(series.x(101)).isEqualTo(99);
    }

    @Test
    void builderDropsTrailingPointsFromAGivenX() {
        Series series = Series.builder("loss").add(10, 1).add(20, 2).add(30, 3).dropFrom(20).add(20, 5).build();

        assertThat(series.xs()).containsExactly(10, 20);
        assertThat(series.ys()).containsExactly(1, 5);
    }

    @Test
    void equalityIsByNameAndPointsIncludingGaps() {
        Series a = Series.of("a", new double[] {1, 2}, new double[] {Double.NaN, 1});

        assertThat(a).isEqualTo(Series.of("a", new double[] {1, 2}, new double[] {Double.NaN, 1}));
        assertThat(a).isNotEqualTo(a.withName("b"));
        assertThat(a.withName("b").ys()).containsExactly(Double.NaN, 1);
    }
}
