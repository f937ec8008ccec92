package io.jenkins.plugins.gputraining.model.index;

import io.jenkins.plugins.gputraining.model.series.Series;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * A min/max-bucket downsample of a series that arrives one point at a time and whose length is not known: consecutive
 * points fall into buckets of {@code width} points; when {@link #MAX_BUCKETS} are full, neighbouring buckets are
 * merged and the width doubles, so memory stays bounded however long the series grows. Each bucket keeps its point with
 * the smallest and the one with the largest y, its first and last gap (NaN y), and a gap between its minimum and
 * maximum if there is one; the series' first and last points are kept too. So the kept points have the guarantees of
 * {@link io.jenkins.plugins.gputraining.model.series.MinMaxDownsampler}: the ends, the extremes, and every gap that
 * separates two kept points. Between {@code MAX_BUCKETS / 2} and {@link #MAX_BUCKETS} buckets are in use once the
 * series is long: 2,048 to 4,096 extreme points, plus gaps. Not thread-safe.
 */
final class MinMaxSketch {
    /** Buckets kept at most; merged in pairs when full. */
    static final int MAX_BUCKETS = 2048;
    private static final int NONE = -1;

    private long width = 1;
    private int buckets;
    private long next;
    private long[] count = new long[16];
    private long[] minIndex = new long[16];
    private double[] minX = new double[16];
    private double[] minY = new double[16];
    private long[] maxIndex = new long[16];
    private double[] maxX = new double[16];
    private double[] maxY = new double[16];
    private long[] firstGap = new long[16];
    private double[] firstGapX = new double[16];
    private long[] lastGap = new long[16];
    private double[] lastGapX = new double[16];
    private long[] midGap = new long[16];
    private double[] midGapX = new double[16];
    private long firstIndex = NONE;
    private double firstX;
    private double firstY;
    private long lastIndex = NONE;
    private double lastX;
    private double lastY;

    /** Adds the next point; a NaN y is a gap. */
    void add(final double x, final double y) {
        long index = next++;
        if (firstIndex == NONE) {
            firstIndex = index;
            firstX = x;
            firstY = y;
        }
        lastIndex = index;
        lastX = x;
        lastY = y;
        if (buckets == 0 || count[buckets - 1] >= width) {
            if (buckets == MAX_BUCKETS) {
                mergePairs();
                width *= 2;
            }
            if (buckets == 0 || count[buckets - 1] >= width) {
                open();
            }
        }
        int b = buckets - 1;
        count[b]++;
        if (y != y) {
            if (firstGap[b] == NONE) {
                firstGap[b] = index;
                firstGapX[b] = x;
            }
            lastGap[b] = index;
            lastGapX[b] = x;
            return;
        }
        boolean newMin = minIndex[b] == NONE || y < minY[b];
        boolean newMax = maxIndex[b] == NONE || y > maxY[b];
        if (newMin && newMax) {
            setMin(b, index, x, y);
            setMax(b, index, x, y);
            midGap[b] = NONE;
        }
        else if (newMin) {
            setMin(b, index, x, y);
            gapSince(b, maxIndex[b]);
        }
        else if (newMax) {
            setMax(b, index, x, y);
            gapSince(b, minIndex[b]);
        }
    }

    /** The new extreme is the bucket's latest point: a gap lies between it and the other extreme when its last does. */
    private void gapSince(final int b, final long other) {
        if (lastGap[b] != NONE && lastGap[b] > other) {
            midGap[b] = lastGap[b];
            midGapX[b] = lastGapX[b];
        }
        else {
            midGap[b] = NONE;
        }
    }

    private void setMin(final int b, final long index, final double x, final double y) {
        minIndex[b] = index;
        minX[b] = x;
        minY[b] = y;
    }

    private void setMax(final int b, final long index, final double x, final double y) {
        maxIndex[b] = index;
        maxX[b] = x;
        maxY[b] = y;
    }

    private void open() {
        if (buckets == count.length) {
            int capacity = Math.min(MAX_BUCKETS, buckets * 2);
            count = Arrays.copyOf(count, capacity);
            minIndex = Arrays.copyOf(minIndex, capacity);
            minX = Arrays.copyOf(minX, capacity);
            minY = Arrays.copyOf(minY, capacity);
            maxIndex = Arrays.copyOf(maxIndex, capacity);
            maxX = Arrays.copyOf(maxX, capacity);
            maxY = Arrays.copyOf(maxY, capacity);
            firstGap = Arrays.copyOf(firstGap, capacity);
            firstGapX = Arrays.copyOf(firstGapX, capacity);
            lastGap = Arrays.copyOf(lastGap, capacity);
            lastGapX = Arrays.copyOf(lastGapX, capacity);
            midGap = Arrays.copyOf(midGap, capacity);
            midGapX = Arrays.copyOf(midGapX, capacity);
        }
        int b = buckets++;
        count[b] = 0;
        minIndex[b] = NONE;
        maxIndex[b] = NONE;
        firstGap[b] = NONE;
        lastGap[b] = NONE;
        midGap[b] = NONE;
    }

    /** Merges buckets 2i and 2i+1 into bucket i. */
    private void mergePairs() {
        int merged = 0;
        for (int a = 0; a < buckets; a += 2) {
            copy(a, merged);
            if (a + 1 < buckets) {
                mergeInto(merged, a + 1);
            }
            merged++;
        }
        buckets = merged;
    }

    private void copy(final int from, final int to) {
        if (from == to) {
            return;
        }
        count[to] = count[from];
        minIndex[to] = minIndex[from];
        minX[to] = minX[from];
        minY[to] = minY[from];
        maxIndex[to] = maxIndex[from];
        maxX[to] = maxX[from];
        maxY[to] = maxY[from];
        firstGap[to] = firstGap[from];
        firstGapX[to] = firstGapX[from];
        lastGap[to] = lastGap[from];
        lastGapX[to] = lastGapX[from];
        midGap[to] = midGap[from];
        midGapX[to] = midGapX[from];
    }

    /** Merges bucket {@code b} (later points) into bucket {@code a}. */
    private void mergeInto(final int a, final int b) {
        long aLastGap = lastGap[a];
        double aLastGapX = lastGapX[a];
        long bFirstGap = firstGap[b];
        double bFirstGapX = firstGapX[b];
        boolean minFromB = minIndex[b] != NONE && (minIndex[a] == NONE || minY[b] < minY[a]);
        boolean maxFromB = maxIndex[b] != NONE && (maxIndex[a] == NONE || maxY[b] > maxY[a]);
        long mid;
        double midX;
        if (minFromB == maxFromB) {
            mid = minFromB ? midGap[b] : midGap[a];
            midX = minFromB ? midGapX[b] : midGapX[a];
        }
        else {
            // One extreme in each bucket: a gap lies between them if a gap of a follows a's extreme, or one of b
            // precedes b's extreme.
            long inA = minFromB ? maxIndex[a] : minIndex[a];
            long inB = minFromB ? minIndex[b] : maxIndex[b];
            if (aLastGap != NONE && aLastGap > inA) {
                mid = aLastGap;
                midX = aLastGapX;
            }
            else if (bFirstGap != NONE && bFirstGap < inB) {
                mid = bFirstGap;
                midX = bFirstGapX;
            }
            else {
                mid = NONE;
                midX = 0;
            }
        }
        if (minFromB) {
            setMin(a, minIndex[b], minX[b], minY[b]);
        }
        if (maxFromB) {
            setMax(a, maxIndex[b], maxX[b], maxY[b]);
        }
        midGap[a] = mid;
        midGapX[a] = midX;
        if (firstGap[a] == NONE) {
            firstGap[a] = bFirstGap;
            firstGapX[a] = bFirstGapX;
        }
        if (lastGap[b] != NONE) {
            lastGap[a] = lastGap[b];
            lastGapX[a] = lastGapX[b];
        }
        count[a] += count[b];
    }

    /**
     * Forgets the points at or after {@code x} at the end of the series (a run that restarted from an earlier step
     * supersedes them, docs/analytics.md): whole buckets whose kept points all lie there are dropped, and in the
     * bucket that straddles {@code x} the kept points at or after it are.
     */
    void dropFrom(final double x) {
        while (buckets > 0) {
            int b = buckets - 1;
            boolean anyBefore = keptBefore(b, x);
            if (!anyBefore) {
                buckets--;
                continue;
            }
            if (firstGap[b] != NONE && firstGapX[b] >= x) {
                firstGap[b] = NONE;
            }
            if (lastGap[b] != NONE && lastGapX[b] >= x) {
                lastGap[b] = firstGap[b];
                lastGapX[b] = firstGapX[b];
            }
            if (midGap[b] != NONE && midGapX[b] >= x) {
                midGap[b] = NONE;
            }
            boolean minGone = minIndex[b] != NONE && minX[b] >= x;
            boolean maxGone = maxIndex[b] != NONE && maxX[b] >= x;
            if (minGone && maxGone) {
                minIndex[b] = NONE;
                maxIndex[b] = NONE;
            }
            else if (minGone) {
                setMin(b, maxIndex[b], maxX[b], maxY[b]);
            }
            else if (maxGone) {
                setMax(b, minIndex[b], minX[b], minY[b]);
            }
            break;
        }
        if (buckets == 0) {
            clear();
            return;
        }
        if (lastX >= x) {
            // The last point kept before x stands for the series' end.
            long best = NONE;
            for (long index : new long[] {firstGap[buckets - 1], lastGap[buckets - 1], midGap[buckets - 1],
                    minIndex[buckets - 1], maxIndex[buckets - 1]}) {
                best = Math.max(best, index);
            }
            Point point = point(buckets - 1, best);
            if (point != null) {
                lastIndex = best;
                lastX = point.x;
                lastY = point.y;
            }
        }
    }

    private boolean keptBefore(final int b, final double x) {
        return minIndex[b] != NONE && minX[b] < x || maxIndex[b] != NONE && maxX[b] < x
                || firstGap[b] != NONE && firstGapX[b] < x || lastGap[b] != NONE && lastGapX[b] < x;
    }

    private record Point(double x, double y) {
    }

    private Point point(final int b, final long index) {
        if (index == NONE) {
            return null;
        }
        if (index == minIndex[b]) {
            return new Point(minX[b], minY[b]);
        }
        if (index == maxIndex[b]) {
            return new Point(maxX[b], maxY[b]);
        }
        if (index == firstGap[b]) {
            return new Point(firstGapX[b], Double.NaN);
        }
        if (index == lastGap[b]) {
            return new Point(lastGapX[b], Double.NaN);
        }
        if (index == midGap[b]) {
            return new Point(midGapX[b], Double.NaN);
        }
        return null;
    }

    private void clear() {
        buckets = 0;
        width = 1;
        firstIndex = NONE;
        lastIndex = NONE;
    }

    boolean isEmpty() {
        return firstIndex == NONE;
    }

    /** The x of the last point added (NaN when none): the step axis drops what a restart supersedes. */
    double lastX() {
        return lastIndex == NONE ? Double.NaN : lastX;
    }

    /**
     * The kept points in the order they were added, as a series; {@code toAxis} maps each x (an epoch time to
     * elapsed seconds, say; it must not decrease where x does not). A clock that stepped back leaves x out of order:
     * the series sorts them, as {@link Series.Builder} does.
     */
    Series toSeries(final String name, final DoubleUnaryOperator toAxis) {
        if (firstIndex == NONE) {
            return Series.empty(name);
        }
        Series.Builder series = Series.builder(name, buckets * 2 + 2);
        long previous = firstIndex;
        series.add(toAxis.applyAsDouble(firstX), firstY);
        long[] kept = new long[5];
        double[] keptX = new double[5];
        double[] keptY = new double[5];
        for (int b = 0; b < buckets; b++) {
            // A bucket's points come after the previous bucket's: sorting its at most five kept points suffices.
            int size = 0;
            size = keep(kept, keptX, keptY, size, firstGap[b], firstGapX[b], Double.NaN);
            size = keep(kept, keptX, keptY, size, minIndex[b], minX[b], minY[b]);
            size = keep(kept, keptX, keptY, size, maxIndex[b], maxX[b], maxY[b]);
            size = keep(kept, keptX, keptY, size, midGap[b], midGapX[b], Double.NaN);
            size = keep(kept, keptX, keptY, size, lastGap[b], lastGapX[b], Double.NaN);
            for (int i = 0; i < size; i++) {
                if (kept[i] > previous && kept[i] < lastIndex) {
                    previous = kept[i];
                    series.add(toAxis.applyAsDouble(keptX[i]), keptY[i]);
                }
            }
        }
        if (lastIndex != firstIndex) {
            series.add(toAxis.applyAsDouble(lastX), lastY);
        }
        return series.build();
    }

    /** Inserts a kept point into the small sorted arrays (by index), skipping none and duplicates. */
    private static int keep(final long[] indices, final double[] xs, final double[] ys, final int size,
                            final long index, final double x, final double y) {
        if (index == NONE) {
            return size;
        }
        int at = size;
        while (at > 0 && indices[at - 1] > index) {
            at--;
        }
        if (at > 0 && indices[at - 1] == index) {
            return size;
        }
        System.arraycopy(indices, at, indices, at + 1, size - at);
        System.arraycopy(xs, at, xs, at + 1, size - at);
        System.arraycopy(ys, at, ys, at + 1, size - at);
        indices[at] = index;
        xs[at] = x;
        ys[at] = y;
        return size + 1;
    }

    /** Heap held by this sketch, roughly. */
    long estimatedBytes() {
        return 64 + (long) count.length * 13 * 8;
    }
}
