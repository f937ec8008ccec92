package io.jenkins.plugins.gputraining.model.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The guarantees of {@link MinMaxDownsampler}, each over random series of 0 to 5,000 points with runs of gaps,
 * repeated x and constant stretches.
 */
class MinMaxDownsamplerPropertiesTest {
    private static final int MAX_SIZE = 5000;

    @Property
    void neverReturnsMoreThanMaxPoints(@ForAll("series") final Series series, @ForAll("budgets") final int maxPoints) {
        Statistics.label("thinned").collect(series.size() > maxPoints);
        Statistics.label("thinned").coverage(coverage -> coverage.check(true).percentage(p -> p > 50));

        assertThat(MinMaxDownsampler.downsample(series, maxPoints).size()).isLessThanOrEqualTo(maxPoints);
    }

    @Property
    void keepsTheFirstAndTheLastPoint(@ForAll("series") final Series series, @ForAll("budgets") final int maxPoints) {
        int[] kept = MinMaxDownsampler.selectIndices(series, maxPoints);
        Series thinned = MinMaxDownsampler.downsample(series, maxPoints);

        if (series.isEmpty()) {
            assertThat(thinned.isEmpty()).isTrue();
            return;
        }
        assertThat(kept[0]).isZero();
        assertThat(kept[kept.length - 1]).isEqualTo(series.size() - 1);
        assertSamePoint(thinned, 0, series, 0);
        assertSamePoint(thinned, thinned.size() - 1, series, series.size() - 1);
    }

    @Property
    void keepsTheSmallestAndTheLargestFiniteValue(@ForAll("series") final Series series,
                                                  @ForAll("budgets") final int maxPoints) {
        Series thinned = MinMaxDownsampler.downsample(series, maxPoints);

        assertThat(finiteMin(thinned)).isEqualTo(Double.valueOf(finiteMin(series)));
        assertThat(finiteMax(thinned)).isEqualTo(Double.valueOf(finiteMax(series)));
    }

    @Property
    void returnsASubsequenceOfTheInputPoints(@ForAll("series") final Series series,
                                             @ForAll("budgets") final int maxPoints) {
        int[] kept = MinMaxDownsampler.selectIndices(series, maxPoints);
        Series thinned = MinMaxDownsampler.downsample(series, maxPoints);

        assertThat(thinned.size()).isEqualTo(kept.length);
        assertThat(kept).isSorted().doesNotHaveDuplicates();
        for (int i = 0; i < kept.length; i++) {
            assertThat(kept[i]).isBetween(0, series.size() - 1);
            assertSamePoint(thinned, i, series, kept[i]);
        }
        assertThat(thinned.name()).isEqualTo(series.name());
    }

    @Property
    void keepsXNonDecreasing(@ForAll("series") final Series series, @ForAll("budgets") final int maxPoints) {
        Series thinned = MinMaxDownsampler.downsample(series, maxPoints);

        for (int i = 1; i < thinned.size(); i++) {
            assertThat(thinned.x(i)).isGreaterThanOrEqualTo(thinned.x(i - 1));
        }
    }

    @Property
    void hasAGapExactlyWhenTheInputHasOne(@ForAll("series") final Series series,
                                          @ForAll("budgets") final int maxPoints) {
        Statistics.label("has gaps").collect(gapCount(series) > 0);

        assertThat(gapCount(MinMaxDownsampler.downsample(series, maxPoints)) > 0)
                .isEqualTo(gapCount(series) > 0);
    }

    @Property
    void neverDrawsALineAcrossAGap(@ForAll("series") final Series series, @ForAll("budgets") final int maxPoints) {
        int[] kept = MinMaxDownsampler.selectIndices(series, maxPoints);

        for (int i = 1; i < kept.length; i++) {
            if (!series.isGap(kept[i - 1]) && !series.isGap(kept[i])) {
                for (int between = kept[i - 1] + 1; between < kept[i]; between++) {
                    assertThat(series.isGap(between))
                            .as("input gap at %d lies between consecutive kept finite points %d and %d",
                                    between, kept[i - 1], kept[i])
                            .isFalse();
                }
            }
        }
    }

    @Property
    void returnsAShortSeriesUnchanged(@ForAll("series") final Series series,
                                      @ForAll @IntRange(max = 100) final int slack) {
        int maxPoints = Math.max(MinMaxDownsampler.MIN_POINTS, series.size() + slack);

        assertThat(MinMaxDownsampler.downsample(series, maxPoints)).isSameAs(series);
    }

    @Property
    void usesAtLeastHalfItsBudgetOnASeriesWithoutGaps(@ForAll("series") final Series series,
                                                      @ForAll("budgets") final int maxPoints) {
        Series thinned = MinMaxDownsampler.downsample(series, maxPoints);

        if (gapCount(series) == 0 && series.size() > maxPoints) {
            assertThat(thinned.size()).isGreaterThanOrEqualTo((maxPoints - 2) / 2 + 2);
        }
    }

    @Provide
    Arbitrary<Integer> budgets() {
        return Arbitraries.integers().between(MinMaxDownsampler.MIN_POINTS, 600);
    }

    /** Series built from stretches of random values, gaps and constants, on x that sometimes repeats. */
    @Provide
    Arbitrary<Series> series() {
        Arbitrary<Stretch> stretch = Combinators.combine(
                        Arbitraries.of(Kind.class),
                        Arbitraries.integers().between(1, 600),
                        Arbitraries.longs())
                .as(Stretch::new);
        Arbitrary<Double> repeatedX = Arbitraries.doubles().between(0, 0.9);
        return Combinators.combine(stretch.list().ofMaxSize(40), repeatedX, Arbitraries.longs())
                .as(MinMaxDownsamplerPropertiesTest::build);
    }

    private static Series build(final List<Stretch> stretches, final double repeatedX, final long seed) {
        Random random = new Random(seed);
        Series.Builder series = Series.builder("generated");
        double x = random.nextInt(1000) - 500;
        for (Stretch stretch : stretches) {
            Random values = new Random(stretch.seed());
            double constant = values.nextGaussian() * 100;
            for (int i = 0; i < stretch.length() && series.size() < MAX_SIZE; i++) {
                series.add(x, stretch.kind().value(values, constant));
                if (random.nextDouble() >= repeatedX) {
                    x += random.nextDouble() * 10;
                }
            }
        }
        return series.build();
    }

    private enum Kind {
        VALUES, GAP, CONSTANT;

        double value(final Random random, final double constant) {
            return switch (this) {
                case GAP -> Double.NaN;
                case CONSTANT -> constant;
                case VALUES -> random.nextInt(50) == 0 ? Double.POSITIVE_INFINITY : random.nextGaussian() * 1000;
            };
        }
    }

    private record Stretch(Kind kind, int length, long seed) {
    }

    private static void assertSamePoint(final Series actual, final int actualIndex, final Series expected,
                                        final int expectedIndex) {
        assertThat(actual.x(actualIndex)).isEqualTo(expected.x(expectedIndex));
        assertThat(Double.doubleToLongBits(actual.y(actualIndex)))
                .as("y at %d (%s) is the input's y at %d (%s)", actualIndex, actual.y(actualIndex), expectedIndex,
                        expected.y(expectedIndex))
                .isEqualTo(Double.doubleToLongBits(expected.y(expectedIndex)));
    }

    private static double finiteMin(final Series series) {
        double min = Double.NaN;
        for (int i = 0; i < series.size(); i++) {
            if (!series.isGap(i) && !(series.y(i) >= min)) {
                min = series.y(i);
            }
        }
        return min;
    }

    private static double finiteMax(final Series series) {
        double max = Double.NaN;
        for (int i = 0; i < series.size(); i++) {
            if (!series.isGap(i) && !(series.y(i) <= max)) {
                max = series.y(i);
            }
        }
        return max;
    }

    private static int gapCount(final Series series) {
        int gaps = 0;
        for (int i = 0; i < series.size(); i++) {
            if (series.isGap(i)) {
                gaps++;
            }
        }
        return gaps;
    }
}
