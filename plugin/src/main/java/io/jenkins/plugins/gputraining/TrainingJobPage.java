package io.jenkins.plugins.gputraining;

import hudson.model.Action;
import hudson.model.Job;

/**
 * A page the plugin adds to a job with training builds ({@link TrainingActionFactory}): the job's "GPU Training"
 * page and its compare page. The factory's {@code actionType()}, so that Jenkins asks it only for these.
 */
public abstract class TrainingJobPage implements Action {
    private final Job<?, ?> job;

    TrainingJobPage(final Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }
}
