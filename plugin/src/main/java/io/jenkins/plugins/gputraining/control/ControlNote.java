package io.jenkins.plugins.gputraining.control;

import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.text.PrintableText;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A line for a build's page saying who paused, resumed or cancelled one of its training runs, and from where:
 * {@code paused by alice (pauseTraining in team/other #12) at 2026-01-01T00:00:00Z}.
 */
public final class ControlNote {
    /** The most notes a run keeps; older ones are dropped. */
    public static final int MAX_NOTES = 50;

    private ControlNote() {
    }

    /**
     * @param action what was done
     * @param who who is responsible (a user id, or {@code SYSTEM})
     * @param from where it came from ({@code pauseTraining in team/other #12}, {@code the dashboard})
     * @param at when the agent accepted it
     */
    public static String of(final ControlAction action, final String who, final String from, final Instant at) {
        return action.pastTense() + " by " + PrintableText.printable(who == null ? "unknown" : who) + " ("
                + PrintableText.printable(from) + ") at " + at.truncatedTo(ChronoUnit.SECONDS);
    }
}
