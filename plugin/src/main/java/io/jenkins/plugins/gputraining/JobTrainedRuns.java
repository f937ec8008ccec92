package io.jenkins.plugins.gputraining;

import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.gputraining.api.JobTrainingApi;
import io.jenkins.plugins.gputraining.api.LoadedRun;
import io.jenkins.plugins.gputraining.view.RunKey;
import io.jenkins.plugins.gputraining.view.TrainedBuild;
import io.jenkins.plugins.gputraining.view.TrainingSummary;
import java.util.List;
import java.util.Optional;

/** A job's training runs as the Jenkins-free API reads them: its builds' {@link TrainingBuildAction}s. */
final class JobTrainedRuns implements JobTrainingApi.TrainedRuns {
    private final Job<?, ?> job;

    JobTrainedRuns(final Job<?, ?> job) {
        this.job = job;
    }

    @Override
    public List<TrainedBuild> latest(final int limit) {
        return JobBuilds.trained(job, limit);
    }

    @Override
    public Optional<TrainingSummary> summary(final RunKey key) {
        return find(key).map(found -> found.action().toTrainedBuild().runs().get(key.index()));
    }

    @Override
    public Optional<LoadedRun> load(final RunKey key) {
        return find(key).filter(found -> found.run().isRecorded()).map(found -> found.action().load(found.run()));
    }

    /** A run of one of the job's builds. */
    private record Found(TrainingBuildAction action, TrainingRun run) {
    }

    private Optional<Found> find(final RunKey key) {
        Run<?, ?> build = job.getBuildByNumber(key.build());
        TrainingBuildAction action = build == null ? null : build.getAction(TrainingBuildAction.class);
        TrainingRun run = action == null ? null : action.getRun(key.index());
        return run == null ? Optional.empty() : Optional.of(new Found(action, run));
    }

    @Override
    public String name() {
        return job.getFullName();
    }
}
