package io.jenkins.plugins.gputraining.selection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Resolves a {@link BuildSelection} against a job's history. Walks back at most {@link #MAX_SCAN} builds, so a
 * job with thousands of builds costs a bounded number of (lazily loaded) builds.
 */
public final class BuildSelector {
    /** How many older builds a {@code last}/{@code against} selection looks at, at most. */
    public static final int MAX_SCAN = 1000;

    private BuildSelector() {
    }

    /**
     * The selected builds, in comparison order (ties in a comparison go to the earlier one).
     *
     * @throws IllegalArgumentException naming what is missing: a build that does not exist or has no training,
     *         no baseline, fewer than two builds
     */
    public static List<BuildRef> select(final BuildSelection selection, final BuildHistory history) {
        BuildRef current = history.current();
        if (!selection.builds().isEmpty()) {
            List<BuildRef> chosen = new ArrayList<>();
            for (int number : selection.builds()) {
                BuildRef build = number == current.number() ? current
                        : history.byNumber(number).orElseThrow(
                                () -> new IllegalArgumentException("build #" + number + " does not exist (any more)"));
                if (!build.hasTraining()) {
                    throw new IllegalArgumentException("build #" + number + " has no recorded training run");
                }
                chosen.add(build);
            }
            return chosen;
        }
        if (selection.last() != null) {
            List<BuildRef> chosen = new ArrayList<>();
            if (current.hasTraining()) {
                chosen.add(current);
            }
            int scanned = 0;
            for (BuildRef build : history.before(current.number())) {
                if (chosen.size() == selection.last() || ++scanned > MAX_SCAN) {
                    break;
                }
                if (build.hasTraining() && !build.building()) {
                    chosen.add(build);
                }
            }
            if (chosen.size() < 2) {
                throw new IllegalArgumentException("last: " + selection.last() + " found "
                        + (chosen.isEmpty() ? "no build" : "only one build") + " with training to compare");
            }
            Collections.reverse(chosen);
            return chosen;
        }
        if (!current.hasTraining()) {
            throw new IllegalArgumentException("this build has no training run to compare against "
                    + selection.against().symbol() + "; call trainOnGpu or recordTraining first");
        }
        int scanned = 0;
        for (BuildRef build : history.before(current.number())) {
            if (++scanned > MAX_SCAN) {
                break;
            }
            if (build.hasTraining() && matches(selection.against(), build)) {
                return List.of(build, current);
            }
        }
        throw new IllegalArgumentException("no earlier build matches " + selection.against().symbol()
                + " with a recorded training run");
    }

    private static boolean matches(final BuildSelection.Against against, final BuildRef build) {
        return switch (against) {
            case LAST_SUCCESSFUL -> build.successful();
            case LAST_STABLE -> build.stable();
            case PREVIOUS -> !build.building();
        };
    }
}
