package io.jenkins.plugins.gputraining.model.series;

import java.util.Arrays;
import java.util.Objects;

/**
 * Thins a series for display by keeping, in each bucket of consecutive points, the point with the smallest and the
 * one with the largest y, plus the gap markers needed so that no line is drawn across a gap. Unlike averaging it
 * never invents a value and never hides a spike; unlike LTTB its guarantees are simple enough to state and test.
 *
 * <p>For {@code maxPoints >= }{@link #MIN_POINTS} and a series {@code s}, {@code downsample(s, maxPoints)}:
 * <ul>
 *   <li>returns {@code s} itself when it has at most {@code maxPoints} points;</li>
 *   <li>otherwise returns at most {@code maxPoints} points, each one a point of {@code s} (same x and y), in the
 *       same order (a subsequence), so x stays non-decreasing;</li>
 *   <li>keeps the first and the last point of {@code s};</li>
 *   <li>keeps a point with the smallest and one with the largest finite y of {@code s};</li>
 *   <li>keeps gaps visible: it contains a gap (NaN) exactly when {@code s} does, and two consecutive finite points
 *       of the result never have a gap of {@code s} between them, so a line chart breaks where the data did.</li>
 * </ul>
 * Runs in one linear pass with no boxing (usually a second one when gaps take more room than planned); 100,000 points
 * take well under a millisecond once the JIT has warmed up.
 */
public final class MinMaxDownsampler {
    /**
     * The smallest budget that always satisfies every guarantee: the first point, a gap, the minimum, a gap, the
     * maximum, a gap, the last point.
     */
    public static final int MIN_POINTS = 7;

    /** A bucket emits at most this many points: its first gap, min, a gap between min and max, max, its last gap. */
    private static final int PER_BUCKET_WITH_GAPS = 5;
    /** A bucket without gaps emits at most its min and its max. */
    private static final int PER_BUCKET = 2;

    private MinMaxDownsampler() {
    }

    /**
     * The series thinned to at most {@code maxPoints} points, with the guarantees of the class comment.
     *
     * @throws IllegalArgumentException when {@code maxPoints < MIN_POINTS}
     */
    public static Series downsample(final Series series, final int maxPoints) {
        Objects.requireNonNull(series, "series");
        requireBudget(maxPoints);
        if (series.size() <= maxPoints) {
            return series;
        }
        Selection selection = select(series.rawYs(), maxPoints);
        return series.select(selection.indices, selection.count);
    }

    /** The indices of the points to keep (ascending); package-private so tests can check them without ambiguity. */
    static int[] selectIndices(final Series series, final int maxPoints) {
        requireBudget(maxPoints);
        if (series.size() <= maxPoints) {
            int[] all = new int[series.size()];
            Arrays.setAll(all, i -> i);
            return all;
        }
        Selection selection = select(series.rawYs(), maxPoints);
        return Arrays.copyOf(selection.indices, selection.count);
    }

    static void requireBudget(final int maxPoints) {
        if (maxPoints < MIN_POINTS) {
            throw new IllegalArgumentException("maxPoints must be at least " + MIN_POINTS + ", was " + maxPoints);
        }
    }

    private static Selection select(final double[] ys, final int maxPoints) {
        int interior = ys.length - 2;
        int fewestBuckets = (maxPoints - 2) / PER_BUCKET_WITH_GAPS;
        int buckets = Math.min((maxPoints - 2) / PER_BUCKET, interior);
        Selection selection = new Selection(PER_BUCKET_WITH_GAPS * buckets + 2);
        while (true) {
            selection.fill(ys, buckets);
            if (selection.count <= maxPoints || buckets <= fewestBuckets) {
                return selection;
            }
            // Gaps took more room than planned: try fewer buckets. Few gaps cost about the same extra points
            // whatever the bucket count; gaps everywhere cost in proportion to it. Taking the smaller estimate
            // usually fits at the second attempt. At fewestBuckets even a gap in every bucket fits, so this ends.
            int extra = selection.count - 2 - PER_BUCKET * buckets;
            int fixedExtra = (maxPoints - 2 - extra) / PER_BUCKET;
            int proportional = (int) ((long) buckets * (maxPoints - 2) / (selection.count - 2));
            buckets = Math.max(fewestBuckets, Math.min(buckets - 1, Math.min(fixedExtra, proportional)));
        }
    }

    /** The kept indices of one attempt; reused across attempts to allocate once. */
    private static final class Selection {
        private final int[] indices;
        private final int[] bucket = new int[PER_BUCKET_WITH_GAPS];
        private int count;

        Selection(final int capacity) {
            indices = new int[capacity];
        }

        void fill(final double[] ys, final int buckets) {
            count = 0;
            int last = ys.length - 1;
            append(ys, 0);
            long interior = last - 1;
            for (int b = 0; b < buckets; b++) {
                int from = 1 + (int) (b * interior / buckets);
                int to = 1 + (int) ((b + 1) * interior / buckets);
                fillBucket(ys, from, to);
            }
            // The last point is kept even when a gap marker just before it would make it redundant.
            if (Double.isNaN(ys[last]) && count > 1 && Double.isNaN(ys[indices[count - 1]])) {
                count--;
            }
            indices[count++] = last;
        }

        private void fillBucket(final double[] ys, final int from, final int to) {
            int minAt = -1;
            int maxAt = -1;
            int firstGap = -1;
            int lastGap = -1;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                double y = ys[i];
                if (y != y) { // NaN, the cheapest test
                    if (firstGap < 0) {
                        firstGap = i;
                    }
                    lastGap = i;
                }
                else {
                    if (y < min) {
                        min = y;
                        minAt = i;
                    }
                    if (y > max) {
                        max = y;
                        maxAt = i;
                    }
                }
            }
            int size = 0;
            if (firstGap >= 0) {
                bucket[size++] = firstGap;
                if (lastGap != firstGap) {
                    bucket[size++] = lastGap;
                }
            }
            if (minAt >= 0) {
                int low = Math.min(minAt, maxAt);
                int high = Math.max(minAt, maxAt);
                bucket[size++] = low;
                if (high != low) {
                    bucket[size++] = high;
                    int between = firstGap < 0 ? -1 : gapBetween(ys, low, high, firstGap, lastGap);
                    if (between >= 0 && between != firstGap && between != lastGap) {
                        bucket[size++] = between;
                    }
                }
            }
            sortSmall(bucket, size);
            for (int i = 0; i < size; i++) {
                append(ys, bucket[i]);
            }
        }

        /** A gap strictly between low and high, or -1; scans only when the bucket's first and last gap are outside. */
        private static int gapBetween(final double[] ys, final int low, final int high, final int firstGap,
                                      final int lastGap) {
            if (firstGap > low && firstGap < high) {
                return firstGap;
            }
            if (lastGap > low && lastGap < high) {
                return lastGap;
            }
            if (firstGap < low && lastGap > high) {
                for (int i = low + 1; i < high; i++) {
                    if (Double.isNaN(ys[i])) {
                        return i;
                    }
                }
            }
            return -1;
        }

        private void append(final double[] ys, final int index) {
            // Two gap markers in a row draw nothing more than one.
            if (count > 0 && Double.isNaN(ys[index]) && Double.isNaN(ys[indices[count - 1]])) {
                return;
            }
            indices[count++] = index;
        }

        private static void sortSmall(final int[] values, final int size) {
            for (int i = 1; i < size; i++) {
                int value = values[i];
                int j = i - 1;
                while (j >= 0 && values[j] > value) {
                    values[j + 1] = values[j];
                    j--;
                }
                values[j + 1] = value;
            }
        }
    }
}
