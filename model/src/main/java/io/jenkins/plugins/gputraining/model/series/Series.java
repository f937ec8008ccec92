package io.jenkins.plugins.gputraining.model.series;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * An immutable, named sequence of (x, y) points, x non-decreasing. A NaN y is a <em>gap</em>: the value was missing
 * or not finite, and a line chart breaks there. Points live in two primitive arrays, so a series of millions of
 * points costs 16 bytes a point and no boxing.
 */
public final class Series {
    private static final double[] NONE = new double[0];

    private final String name;
    private final double[] xs;
    private final double[] ys;

    private Series(final String name, final double[] xs, final double[] ys) {
        this.name = Objects.requireNonNull(name, "name");
        this.xs = xs;
        this.ys = ys;
    }

    /**
     * A series of the given points; the arrays are copied. An infinite y is stored as NaN (a gap), since no chart
     * can draw it.
     *
     * @throws IllegalArgumentException when the arrays differ in length, an x is not finite, or x decreases
     */
    public static Series of(final String name, final double[] x, final double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("series \"" + name + "\": " + x.length + " x values but " + y.length
                    + " y values");
        }
        return checked(name, x.clone(), y.clone());
    }

    /** A series without points. */
    public static Series empty(final String name) {
        return new Series(name, NONE, NONE);
    }

    /** A builder that grows primitive arrays, for readers that do not know the size up front. */
    public static Builder builder(final String name) {
        return new Builder(name, 16);
    }

    /** A builder with room for {@code expectedSize} points before it has to grow. */
    public static Builder builder(final String name, final int expectedSize) {
        return new Builder(name, expectedSize);
    }

    /** Takes ownership of the arrays (no copy): only for arrays nobody else holds. Validates as {@link #of}. */
    static Series checked(final String name, final double[] xs, final double[] ys) {
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xs.length; i++) {
            double x = xs[i];
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("series \"" + name + "\": x[" + i + "] is " + x
                        + "; x must be finite");
            }
            if (x < previous) {
                throw new IllegalArgumentException("series \"" + name + "\": x must not decrease, but x[" + i + "] = "
                        + x + " < x[" + (i - 1) + "] = " + previous);
            }
            previous = x;
            if (Double.isInfinite(ys[i])) {
                ys[i] = Double.NaN;
            }
        }
        return new Series(name, xs, ys);
    }

    public String name() {
        return name;
    }

    public int size() {
        return xs.length;
    }

    public boolean isEmpty() {
        return xs.length == 0;
    }

    public double x(final int index) {
        return xs[index];
    }

    public double y(final int index) {
        return ys[index];
    }

    /** Whether the point at the index is a gap (NaN y). */
    public boolean isGap(final int index) {
        return Double.isNaN(ys[index]);
    }

    /** A copy of the x values. */
    public double[] xs() {
        return xs.clone();
    }

    /** A copy of the y values; gaps are NaN. */
    public double[] ys() {
        return ys.clone();
    }

    /** The same points under another name; shares the (immutable) arrays. */
    public Series withName(final String newName) {
        return newName.equals(name) ? this : new Series(newName, xs, ys);
    }

    /** The points at the given indices (ascending), for downsamplers. */
    Series select(final int[] indices, final int count) {
        double[] x = new double[count];
        double[] y = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = xs[indices[i]];
            y[i] = ys[indices[i]];
        }
        return new Series(name, x, y);
    }

    /** Direct read access for classes of this package that must not copy (downsampling runs in one pass). */
    double[] rawYs() {
        return ys;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof Series that && name.equals(that.name) && Arrays.equals(xs, that.xs)
                && Arrays.equals(ys, that.ys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(xs), Arrays.hashCode(ys));
    }

    @Override
    public String toString() {
        return "Series[" + name + ", " + xs.length + " points"
                + (xs.length == 0 ? "" : ", x " + xs[0] + ".." + xs[xs.length - 1]) + "]";
    }

    /** Mutable builder of a {@link Series}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private double[] xs;
        private double[] ys;
        private int size;
        private boolean sorted = true;

        private Builder(final String name, final int expectedSize) {
            this.name = Objects.requireNonNull(name, "name");
            xs = new double[Math.max(expectedSize, 4)];
            ys = new double[xs.length];
        }

        /**
         * Appends a point. An x smaller than the previous one is accepted; {@link #build()} then sorts (stably).
         *
         * @throws IllegalArgumentException when x is not finite
         */
        public Builder add(final double x, final double y) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("series \"" + name + "\": x is " + x + "; x must be finite");
            }
            if (size == xs.length) {
                int capacity = xs.length + (xs.length >> 1);
                xs = Arrays.copyOf(xs, capacity);
                ys = Arrays.copyOf(ys, capacity);
            }
            if (size > 0 && x < xs[size - 1]) {
                sorted = false;
            }
            xs[size] = x;
            ys[size] = y;
            size++;
            return this;
        }

        public int size() {
            return size;
        }

        /** The x of the last point added; NaN when there is none. */
        public double lastX() {
            return size == 0 ? Double.NaN : xs[size - 1];
        }

        /**
         * Removes the trailing points whose x is at or after the given one: a run that restarted from an earlier
         * step supersedes what it logged past that step (as TensorBoard does).
         */
        public Builder dropFrom(final double x) {
            while (size > 0 && xs[size - 1] >= x) {
                size--;
            }
            if (!sorted) {
                sorted = isSorted();
            }
            return this;
        }

        private boolean isSorted() {
            for (int i = 1; i < size; i++) {
                if (xs[i] < xs[i - 1]) {
                    return false;
                }
            }
            return true;
        }

        /** The series built so far; the builder can go on. */
        public Series build() {
            double[] x = Arrays.copyOf(xs, size);
            double[] y = Arrays.copyOf(ys, size);
            if (!sorted) {
                // Rare (a clock stepped back while recording): boxing here costs nothing in the common case.
                int[] order = IntStream.range(0, size).boxed()
                        .sorted(Comparator.comparingDouble(i -> xs[i]))
                        .mapToInt(Integer::intValue).toArray();
                for (int i = 0; i < size; i++) {
                    x[i] = xs[order[i]];
                    y[i] = ys[order[i]];
                }
            }
            return checked(name, x, y);
        }
    }
}
