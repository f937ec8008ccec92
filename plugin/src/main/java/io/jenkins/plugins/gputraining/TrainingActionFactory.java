package io.jenkins.plugins.gputraining;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/**
 * Adds the training pages to jobs that have training builds among their latest few builds (looking at no more than
 * {@link #BUILDS_LOOKED_AT}, and only at their {@code build.xml}).
 */
@Extension
@SuppressWarnings("rawtypes")
public class TrainingActionFactory extends TransientActionFactory<Job> {
    static final int BUILDS_LOOKED_AT = 5;

    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @Override
    public Collection<? extends Action> createFor(final Job target) {
        Job<?, ?> job = target;
        int seen = 0;
        for (Run<?, ?> build = job.getLastBuild(); build != null && seen < BUILDS_LOOKED_AT;
                build = build.getPreviousBuild()) {
            seen++;
            if (build.getAction(TrainingBuildAction.class) != null) {
                return List.of(new TrainingJobAction(job), new TrainingCompareAction(job));
            }
        }
        return List.of();
    }
}
