package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.PauseTimeline;

/**
 * The pauses known so far, shared by the statistics of one {@link AnalyticsFold}: a run read in pieces (a live run,
 * folded as it grows) learns of a pause from events.jsonl before the records taken during it, so each record is
 * judged against the pauses known when it is folded.
 */
final class PauseHolder {
    private PauseTimeline current;

    PauseHolder(final PauseTimeline initial) {
        this.current = initial;
    }

    PauseTimeline current() {
        return current;
    }

    void set(final PauseTimeline pauses) {
        current = pauses;
    }
}
