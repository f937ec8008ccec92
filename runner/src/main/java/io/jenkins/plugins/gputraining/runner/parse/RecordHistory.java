package io.jenkins.plugins.gputraining.runner.parse;

import java.util.Arrays;

/**
 * Fingerprints of the records read from a file, in file order, so that re-reading a rewritten file delivers only
 * what is new.
 *
 * <p>Lightning's CSVLogger rewrites metrics.csv from the start when a new metric appears (a wider header, the same
 * rows, then new rows). After such a rewrite the follower reads from the start again: a record that matches the one
 * at the same position before was delivered already; from the first record that does not, the file's content is new
 * (or a different file altogether) and everything is delivered.
 */
final class RecordHistory {
    private long[] fingerprints = new long[256];
    private int size;
    private int position;

    /** The file is read again from its start. */
    void rewind() {
        position = 0;
    }

    /**
     * Records the next record of the file.
     *
     * @return whether it was delivered before, at this position of an earlier version of the file
     */
    boolean alreadyDelivered(final long fingerprint) {
        if (position < size && fingerprints[position] == fingerprint) {
            position++;
            return true;
        }
        size = position; // what followed in the earlier version is no longer in the file
        if (size == fingerprints.length) {
            fingerprints = Arrays.copyOf(fingerprints, size * 2);
        }
        fingerprints[size++] = fingerprint;
        position = size;
        return false;
    }
}
