package io.jenkins.plugins.gputraining.agent.demo;

import java.util.Random;

/**
 * Three interleaved spiral arms in the plane, one class per arm, generated from a seed.
 *
 * <p>Sample {@code i} belongs to class {@code i % 3}; its radius grows with {@code i} along the arm and its angle
 * carries Gaussian noise, so the arms overlap a little near the centre and no classifier reaches 100%. The same
 * size and seed give the same points, bit for bit, in every JVM.
 *
 * <p>The order in which training visits the samples is a function of the seed and of the cumulative sample
 * index alone ({@link #sampleAt(long)}): epoch {@code e} is a Fisher–Yates permutation seeded from
 * {@code (seed, e)}. A resumed run therefore sees exactly the batches the uninterrupted run would have seen,
 * without storing any random-number-generator state.
 */
final class SpiralDataset {
    static final int INPUTS = 2;
    static final int CLASSES = 3;
    private static final double TURNS = 0.75;
    private static final double ANGLE_NOISE = 0.25;

    private final int size;
    private final long seed;
    private final double[] inputs;
    private final int[] labels;
    private final int[] order;
    private long orderEpoch = -1;

    SpiralDataset(final int size, final long seed) {
        if (size < CLASSES) {
            throw new IllegalArgumentException("the data set needs at least " + CLASSES + " samples, got " + size);
        }
        this.size = size;
        this.seed = seed;
        this.inputs = new double[size * INPUTS];
        this.labels = new int[size];
        this.order = new int[size];
        Random random = new Random(seed);
        for (int i = 0; i < size; i++) {
            int label = i % CLASSES;
            double radius = 0.1 + 0.9 * (i / CLASSES) / Math.max(1.0, (size - 1) / CLASSES);
            double angle = label * 2 * Math.PI / CLASSES + radius * TURNS * 2 * Math.PI
                    + random.nextGaussian() * ANGLE_NOISE;
            inputs[i * INPUTS] = radius * Math.cos(angle);
            inputs[i * INPUTS + 1] = radius * Math.sin(angle);
            labels[i] = label;
        }
    }

    int size() {
        return size;
    }

    long seed() {
        return seed;
    }

    /** The inputs, {@link #INPUTS} values per sample, row after row. */
    double[] inputs() {
        return inputs;
    }

    int[] labels() {
        return labels;
    }

    /** The index of the sample visited at cumulative position {@code position} (0-based, across epochs). */
    int sampleAt(final long position) {
        long epoch = position / size;
        if (epoch != orderEpoch) {
            shuffle(epoch);
        }
        return order[(int) (position % size)];
    }

    private void shuffle(final long epoch) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + 1);
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        orderEpoch = epoch;
    }
}
