package io.jenkins.plugins.gputraining.benchmarks.agent;

import java.util.Arrays;

/** Summary statistics of measurements (nanoseconds or seconds, whatever the caller put in). */
record Stats(int count, double mean, double p50, double p99, double min, double max) {
    static Stats of(final long[] values) {
        double[] copy = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i];
        }
        return of(copy);
    }

    static Stats of(final double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double value : sorted) {
            sum += value;
        }
        return new Stats(sorted.length, sum / sorted.length, percentile(sorted, 50), percentile(sorted, 99),
                sorted[0], sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(final double[] sorted, final double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The median (the mean of the middle two for an even count). */
    static double median(final double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
