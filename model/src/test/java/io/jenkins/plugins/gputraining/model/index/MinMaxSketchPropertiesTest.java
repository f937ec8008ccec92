package io.jenkins.plugins.gputraining.model.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.model.series.Series;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The streaming downsample keeps what {@code MinMaxDownsampler} promises, for series far longer than its buckets:
 * the ends, the extremes, each kept point a point of the series in order, and a gap between two kept points wherever
 * the series has one.
 */
class MinMaxSketchPropertiesTest {
    @Property(tries = 60)
    void keepsEndsExtremesAndGaps(@ForAll("series") final double[] ys) {
        MinMaxSketch sketch = new MinMaxSketch();
        for (int i = 0; i < ys.length; i++) {
            sketch.add(i, ys[i]);
        }
        Series kept = sketch.toSeries("s", x -> x);

        assertThat(kept.size()).isLessThanOrEqualTo(5 * MinMaxSketch.MAX_BUCKETS + 2);
        assertThat(kept.x(0)).isZero();
        assertThat(kept.x(kept.size() - 1)).isEqualTo(ys.length - 1);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean anyGap = false;
        for (double y : ys) {
            if (Double.isNaN(y)) {
                anyGap = true;
            }
            else {
                min = Math.min(min, y);
                max = Math.max(max, y);
            }
        }
        List<Double> finite = new ArrayList<>();
        boolean keptGap = false;
        int previousFinite = -1;
        for (int i = 0; i < kept.size(); i++) {
            int x = (int) kept.x(i);
            if (i > 0) {
                assertThat(kept.x(i)).as("a subsequence, in order").isGreaterThan(kept.x(i - 1));
            }
            assertThat(Double.doubleToLongBits(kept.y(i))).as("a point of the series")
                    .isEqualTo(Double.doubleToLongBits(ys[x]));
            if (kept.isGap(i)) {
                keptGap = true;
                previousFinite = -1;
                continue;
            }
            finite.add(kept.y(i));
            if (previousFinite >= 0) {
                for (int between = previousFinite + 1; between < x; between++) {
                    assertThat(Double.isNaN(ys[between])).as("no gap hidden between kept points %d and %d",
                            previousFinite, x).isFalse();
                }
            }
            previousFinite = x;
        }
        assertThat(keptGap).isEqualTo(anyGap);
        if (!finite.isEmpty()) {
            assertThat(finite).contains(min, max);
        }
    }

    @Provide
    Arbitrary<double[]> series() {
        Arbitrary<Double> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(50, Arbitraries.doubles().between(-1e6, 1e6)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Double.NaN)));
        return Arbitraries.integers().between(1, 30_000).flatMap(length -> value.array(double[].class)
                .ofSize(length));
    }
}
