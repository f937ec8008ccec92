package io.jenkins.plugins.gputraining;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;
import jenkins.model.TransientActionFactory;

/**
 * Adds the training pages to jobs that have training builds among their latest few builds (looking at no more than
 * {@link #BUILDS_LOOKED_AT}, and only at their {@code build.xml}).
 *
 * <p>Jenkins calls a {@link TransientActionFactory} on every action look-up of every job ({@code getAction},
 * {@code getAllActions}: the side panel, each page, the REST API), so the answer is cached per job: reused while the
 * job's last build stays the same; a "no training" answer only for {@link #NO_TRAINING_REUSE_MILLIS}, because a
 * running build attaches its training when its {@code trainOnGpu} starts. {@link #actionType()} narrows the look-ups
 * that ask at all. (warnings-ng adds its job action through {@code LastBuildAction.getProjectActions()} instead, from
 * the last successful build; that would hide the job's training API — which the live build page's pause and resume
 * buttons use — while the first training build runs, and whenever the last successful build did not train.)
 */
@Extension
@SuppressWarnings("rawtypes")
public class TrainingActionFactory extends TransientActionFactory<Job> {
    static final int BUILDS_LOOKED_AT = 5;
    /** How long a job without training keeps that answer while its last build stays the same. */
    static final long NO_TRAINING_REUSE_MILLIS = 10_000;

    private final Map<Job<?, ?>, Decision> decisions = Collections.synchronizedMap(new WeakHashMap<>());
    private final LongSupplier clock;

    /** What was found for a job: whether it trained, as of its last build and a time. */
    private record Decision(int lastBuild, boolean trained, long at) {
    }

    public TrainingActionFactory() {
        this(System::currentTimeMillis);
    }

    TrainingActionFactory(final LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @Override
    public Class<? extends Action> actionType() {
        return TrainingJobPage.class;
    }

    @Override
    public Collection<? extends Action> createFor(final Job target) {
        Job<?, ?> job = target;
        Run<?, ?> last = job.getLastBuild();
        int lastNumber = last == null ? 0 : last.getNumber();
        long now = clock.getAsLong();
        Decision known = decisions.get(job);
        boolean trained;
        if (known != null && known.lastBuild() == lastNumber
                && (known.trained() || now - known.at() < NO_TRAINING_REUSE_MILLIS)) {
            trained = known.trained();
        }
        else {
            trained = trainedRecently(last);
            decisions.put(job, new Decision(lastNumber, trained, now));
        }
        return trained ? List.of(new TrainingJobAction(job), new TrainingCompareAction(job)) : List.of();
    }

    private static boolean trainedRecently(final Run<?, ?> last) {
        int seen = 0;
        for (Run<?, ?> build = last; build != null && seen < BUILDS_LOOKED_AT; build = build.getPreviousBuild()) {
            seen++;
            if (build.getAction(TrainingBuildAction.class) != null) {
                return true;
            }
        }
        return false;
    }
}
