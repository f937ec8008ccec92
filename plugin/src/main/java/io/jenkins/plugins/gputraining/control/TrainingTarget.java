package io.jenkins.plugins.gputraining.control;

import io.jenkins.plugins.gputraining.options.Arguments;

/**
 * Which training build {@code pauseTraining}/{@code resumeTraining} act on: this build (no {@code job}, no
 * {@code build}), or another job's build by full name and number. {@code run} picks a run of that build by its id
 * (default: the one that is running).
 *
 * @param job the job's full name ({@code folder/job}), or {@code null} for this build's job
 * @param build the build number, or {@code null} for this build
 * @param run the run id within the build, or {@code null}
 */
public record TrainingTarget(String job, Integer build, String run) {
    public TrainingTarget {
        job = Arguments.text(Arguments.trimToNull(job), "job", 1000, false);
        run = Arguments.trimToNull(run);
        if (job != null && build == null) {
            throw new IllegalArgumentException("job: '" + job + "' needs build: the number of the build to act on");
        }
        if (build != null && build < 1) {
            throw new IllegalArgumentException("build must be a build number (1 or more), was " + build);
        }
    }

    /** Whether this targets the build running the step. */
    public boolean isCurrentBuild() {
        return job == null && build == null;
    }

    /** Words for messages: {@code this build}, {@code build #12}, {@code folder/job #12}. */
    public String describe() {
        if (isCurrentBuild()) {
            return "this build";
        }
        return (job == null ? "build" : job) + " #" + build;
    }
}
