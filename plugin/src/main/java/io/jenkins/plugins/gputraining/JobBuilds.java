package io.jenkins.plugins.gputraining;

import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.gputraining.selection.BuildHistory;
import io.jenkins.plugins.gputraining.selection.BuildRef;
import io.jenkins.plugins.gputraining.view.TrainedBuild;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A job's builds for build selection and job pages, walked lazily from the newest back through
 * {@code getPreviousBuild()}, so only the builds looked at are loaded; each one's training comes from its
 * {@code build.xml} (the {@link TrainingBuildAction}), never from its artifacts.
 */
final class JobBuilds implements BuildHistory {
    private final Job<?, ?> job;
    private final Run<?, ?> current;

    /**
     * @param job the job
     * @param current the build running the step, or {@code null} outside a build (the job's next build is then
     *         "current", so every existing build counts as earlier)
     */
    JobBuilds(final Job<?, ?> job, final Run<?, ?> current) {
        this.job = job;
        this.current = current;
    }

    static BuildRef ref(final Run<?, ?> build) {
        TrainingBuildAction action = build.getAction(TrainingBuildAction.class);
        return new BuildRef(build.getNumber(), build.isBuilding() ? null : String.valueOf(build.getResult()),
                action != null && action.hasRecordedRun());
    }

    @Override
    public BuildRef current() {
        if (current != null) {
            return ref(current);
        }
        Run<?, ?> last = job.getLastBuild();
        return new BuildRef(last == null ? 1 : last.getNumber() + 1, null, false);
    }

    @Override
    public Optional<BuildRef> byNumber(final int number) {
        Run<?, ?> build = job.getBuildByNumber(number);
        return build == null ? Optional.empty() : Optional.of(ref(build));
    }

    @Override
    public Iterable<BuildRef> before(final int number) {
        return () -> new Iterator<>() {
            private Run<?, ?> next = start(number);

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public BuildRef next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Run<?, ?> build = next;
                next = build.getPreviousBuild();
                return ref(build);
            }
        };
    }

    private Run<?, ?> start(final int number) {
        if (current != null && current.getNumber() == number) {
            return current.getPreviousBuild();
        }
        Run<?, ?> build = job.getLastBuild();
        while (build != null && build.getNumber() >= number) {
            build = build.getPreviousBuild();
        }
        return build;
    }

    /** The builds with training among the newest {@code limit} builds, newest first. */
    static List<TrainedBuild> trained(final Job<?, ?> job, final int limit) {
        List<TrainedBuild> builds = new ArrayList<>();
        int seen = 0;
        for (Run<?, ?> build = job.getLastBuild(); build != null && seen < limit; build = build.getPreviousBuild()) {
            seen++;
            TrainingBuildAction action = build.getAction(TrainingBuildAction.class);
            if (action != null && !action.getRuns().isEmpty()) {
                builds.add(action.toTrainedBuild());
            }
        }
        return builds;
    }
}
