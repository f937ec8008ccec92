package io.jenkins.plugins.gputraining.view;

/** Hand-made summaries for view tests. */
final class Summaries {
    private Summaries() {
    }

    static TrainingSummary completed(final String id, final Double loss, final Double throughput, final Double gpu,
                                     final Double duration, final Double energy, final Double score) {
        return new TrainingSummary(id, id, "completed", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z", 0, duration,
                throughput, gpu, 1000.0, energy, loss, loss, score, 100L, 0, 0);
    }
}
