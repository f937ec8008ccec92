package io.jenkins.plugins.gputraining.runner.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * The observations read from one chunk of the child's output, recorded together: one write of whole lines for the
 * chunk instead of one per record (a training that logs many lines at once costs one system call, not hundreds).
 * Not thread-safe: the output pump's.
 */
public final class ConsoleBatch {
    private final List<Observation> observations = new ArrayList<>();

    public void add(final Observation observation) {
        observations.add(observation);
    }

    public boolean isEmpty() {
        return observations.isEmpty();
    }

    /** The chunk's observations, in order; the batch is empty afterwards. */
    public List<Observation> drain() {
        List<Observation> drained = List.copyOf(observations);
        observations.clear();
        return drained;
    }
}
