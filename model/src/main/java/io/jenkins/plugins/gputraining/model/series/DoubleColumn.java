package io.jenkins.plugins.gputraining.model.series;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A growable column of doubles where a row may be absent (the record did not carry the value), which is not the
 * same as NaN (it carried a non-finite value: a gap to draw). Primitive storage keeps long runs cheap.
 */
final class DoubleColumn {
    private double[] values = new double[64];
    private final BitSet present = new BitSet();
    private int size;

    void add(final Double value) {
        if (value == null) {
            add(Double.NaN, false);
        }
        else {
            add(value, true);
        }
    }

    void add(final double value) {
        add(value, true);
    }

    private void add(final double value, final boolean isPresent) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size + (size >> 1));
        }
        values[size] = value;
        if (isPresent) {
            present.set(size);
        }
        size++;
    }

    int size() {
        return size;
    }

    boolean isPresent(final int row) {
        return present.get(row);
    }

    double get(final int row) {
        return values[row];
    }

    /** How many rows carry a value, to size a series before building it. */
    int presentCount() {
        return present.cardinality();
    }
}
