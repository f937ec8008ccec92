package io.jenkins.plugins.gputraining.view;

import java.util.List;
import java.util.Objects;

/**
 * A build with training runs, as job pages see it: its number and result and the summaries its {@code build.xml}
 * keeps. No artifact is behind it.
 *
 * @param number the build number
 * @param displayName the build's display name ({@code #12})
 * @param result the build's result ({@code SUCCESS}, {@code UNSTABLE}, …), or {@code null} while it runs
 * @param runs the summaries of its training runs in the order they ran (a live one has status {@code running})
 */
public record TrainedBuild(int number, String displayName, String result, List<TrainingSummary> runs) {
    public TrainedBuild {
        Objects.requireNonNull(displayName, "displayName");
        runs = List.copyOf(runs);
    }

    /** Whether the build is still running. */
    public boolean building() {
        return result == null;
    }

    /** The first training run, which trend charts follow; {@code null} when there is none. */
    public TrainingSummary primary() {
        return runs.isEmpty() ? null : runs.get(0);
    }

    /** The key of the run at a position. */
    public RunKey key(final int index) {
        return new RunKey(number, index);
    }
}
