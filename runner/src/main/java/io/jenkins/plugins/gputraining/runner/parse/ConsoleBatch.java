package io.jenkins.plugins.gputraining.runner.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * The observations read from one chunk of the child's output, recorded together (one write for the chunk).
 *
 * <p>A training prints a few lines a second; one that prints faster than the agent can record (a chunk read from
 * the pipe holding more than {@value #KEEP_ALL_UP_TO} records) must not be slowed down by its own logging. The
 * agent then records, per chunk, the first and the last observation, the one with the lowest loss, and every one
 * without a loss (evaluations, summaries): the run's steps, its initial, final and best loss, and every evaluation
 * stay exact, while metrics.jsonl does not grow by 100,000 lines a second. Every line is still read, so the context
 * (epochs, bars, tables) stays right. Not thread-safe: the output pump's.
 */
public final class ConsoleBatch {
    /** Chunks with up to this many observations are recorded whole. */
    public static final int KEEP_ALL_UP_TO = 64;

    private final List<Observation> observations = new ArrayList<>();

    public void add(final Observation observation) {
        observations.add(observation);
    }

    public boolean isEmpty() {
        return observations.isEmpty();
    }

    /** What to record of the chunk, in order; the batch is empty afterwards. */
    public List<Observation> drain() {
        List<Observation> kept;
        if (observations.size() <= KEEP_ALL_UP_TO) {
            kept = List.copyOf(observations);
        }
        else {
            int best = -1;
            for (int i = 0; i < observations.size(); i++) {
                Double loss = observations.get(i).loss();
                if (loss != null && !Double.isNaN(loss)
                        && (best < 0 || loss < observations.get(best).loss())) {
                    best = i;
                }
            }
            kept = new ArrayList<>();
            int last = observations.size() - 1;
            for (int i = 0; i <= last; i++) {
                Observation observation = observations.get(i);
                if (i == 0 || i == last || i == best || observation.loss() == null
                        || !Double.isFinite(observation.loss())) {
                    kept.add(observation);
                }
            }
        }
        observations.clear();
        return kept;
    }
}
