package io.jenkins.plugins.gputraining.runner.parse;

import java.util.Arrays;

/**
 * How many lines of each shape a burst of output held: a small open-addressing table of int keys, because it is
 * consulted for every line a training prints. Past {@value #CAPACITY} shapes it starts over.
 */
final class ShapeCounts {
    private static final int CAPACITY = 64;

    private final int[] shapes = new int[CAPACITY * 2];
    private final int[] counts = new int[CAPACITY * 2];
    private int size;

    /** Counts one more line of {@code shape}; returns how many there were in the burst, this one included. */
    int increment(final int shape) {
        int mask = shapes.length - 1;
        int slot = (shape * 0x9E3779B9) >>> 25 & mask;
        while (counts[slot] != 0) {
            if (shapes[slot] == shape) {
                return ++counts[slot];
            }
            slot = slot + 1 & mask;
        }
        if (size == CAPACITY) {
            clear();
            return increment(shape);
        }
        size++;
        shapes[slot] = shape;
        counts[slot] = 1;
        return 1;
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(counts, 0);
            size = 0;
        }
    }
}
