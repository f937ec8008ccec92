package io.jenkins.plugins.gputraining;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.User;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.control.TrainingTarget;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What {@code pauseTraining} and {@code resumeTraining} share: which build (this one, or {@code job} and
 * {@code build}), which of its runs ({@code run}, default the live one), and how long to wait for the agent's
 * answer. Requires Item.CANCEL on the target job; fails clearly when the build is not a running training build.
 */
public abstract class ControlTrainingStep extends Step {
    /** Seconds to wait for the agent's answer unless told. */
    static final int DEFAULT_TIMEOUT_SECONDS = 60;

    private String job;
    private Integer build;
    private String run;
    private Integer timeout;

    public String getJob() {
        return job;
    }

    /** The full name of the job whose build to act on ({@code folder/job}); needs {@code build}. */
    @DataBoundSetter
    public void setJob(final String job) {
        this.job = job;
    }

    public Integer getBuild() {
        return build;
    }

    /** The build number (of {@code job}, or of this job). */
    @DataBoundSetter
    public void setBuild(final Integer build) {
        this.build = build;
    }

    public String getRun() {
        return run;
    }

    /** The run id within the build, when it trains several at once. */
    @DataBoundSetter
    public void setRun(final String run) {
        this.run = run;
    }

    public Integer getTimeout() {
        return timeout;
    }

    /** Seconds to wait for the agent's answer (default 60). */
    @DataBoundSetter
    public void setTimeout(final Integer timeout) {
        this.timeout = timeout;
    }

    abstract ControlAction action();

    /** The pause mode, for a pause; {@code null}: the run's. */
    PauseMode mode() {
        return null;
    }

    @Override
    public StepExecution start(final StepContext context) throws Exception {
        TrainingTarget target = new TrainingTarget(job, build, run);
        int seconds = timeout == null ? DEFAULT_TIMEOUT_SECONDS : timeout;
        if (seconds < 1 || seconds > 3600) {
            throw new IllegalArgumentException("timeout must be between 1 and 3600 seconds, was " + seconds);
        }
        PauseMode pauseMode = mode();
        if (pauseMode != null && action() != ControlAction.PAUSE) {
            throw new IllegalArgumentException("mode applies to a pause only");
        }
        return new Execution(context, target.job(), target.build(), target.run(), action().jsonName(),
                pauseMode == null ? null : pauseMode.jsonName(), seconds);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final String job;
        private final Integer build;
        private final String run;
        private final String action;
        private final String mode;
        private final int timeoutSeconds;

        Execution(final StepContext context, final String job, final Integer build, final String run,
                  final String action, final String mode, final int timeoutSeconds) {
            super(context);
            this.job = job;
            this.build = build;
            this.run = run;
            this.action = action;
            this.mode = mode;
            this.timeoutSeconds = timeoutSeconds;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            TaskListener listener = getContext().get(TaskListener.class);
            TrainingTarget target = new TrainingTarget(job, build, run);
            Run<?, ?> targetBuild = resolve(getContext().get(Run.class), target);
            ControlAction controlAction = ControlAction.parse(action);
            TrainingRun live = liveRun(targetBuild, target);
            listener.getLogger().println(TrainingRecorder.PREFIX + "Asking the agent to " + action + " training run "
                    + live.getId() + " of " + targetBuild.getFullDisplayName()
                    + (mode == null ? "" : " (" + mode + ")"));
            FilePath directory = live.getLiveDirectory();
            String requestId = ControlSender.send(directory, controlAction,
                    mode == null ? null : PauseMode.parse(mode), requestedBy());
            Optional<ControlOutcome> outcome = ControlSender.await(directory, requestId,
                    Duration.ofSeconds(timeoutSeconds));
            if (outcome.isEmpty()) {
                throw new AbortException("the agent did not answer the " + action + " request within "
                        + timeoutSeconds + " s; is the training still running?");
            }
            if (!outcome.get().accepted()) {
                throw new AbortException("the agent refused to " + action + " training run " + live.getId() + ": "
                        + outcome.get().message());
            }
            listener.getLogger().println(TrainingRecorder.PREFIX + outcome.get().event() + ": "
                    + outcome.get().message());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("request_id", requestId);
            result.put("action", action);
            result.put("event", outcome.get().event());
            result.put("message", outcome.get().message());
            result.put("build", targetBuild.getNumber());
            result.put("run", live.getId());
            return result;
        }

        private static String requestedBy() {
            User user = User.current();
            return ControlRequest.requester("jenkins", user == null ? null : user.getId());
        }

        /** The target build, checking Item.CANCEL on its job. */
        static Run<?, ?> resolve(final Run<?, ?> current, final TrainingTarget target) throws AbortException {
            Job<?, ?> job;
            if (target.job() == null) {
                job = current.getParent();
            }
            else {
                job = Jenkins.get().getItemByFullName(target.job(), Job.class);
                if (job == null) {
                    throw new AbortException("no job named " + target.job() + " (or no permission to see it)");
                }
            }
            job.checkPermission(Item.CANCEL);
            if (target.build() == null) {
                return current;
            }
            Run<?, ?> build = job.getBuildByNumber(target.build());
            if (build == null) {
                throw new AbortException(target.describe() + " does not exist");
            }
            return build;
        }

        /** The live run of a build, or a clear failure saying why there is none. */
        static TrainingRun liveRun(final Run<?, ?> build, final TrainingTarget target) throws AbortException {
            if (!build.isBuilding()) {
                throw new AbortException(target.describe() + " (" + build.getFullDisplayName()
                        + ") is not running, so it has no training to pause or resume");
            }
            TrainingBuildAction action = build.getAction(TrainingBuildAction.class);
            if (action == null) {
                throw new AbortException(build.getFullDisplayName() + " is not a training build: it has no "
                        + "trainOnGpu run");
            }
            for (TrainingRun candidate : action.getRuns()) {
                if ((target.run() == null || candidate.getId().equals(target.run())) && candidate.isLive()) {
                    return candidate;
                }
            }
            throw new AbortException(build.getFullDisplayName() + " has no live trainOnGpu run"
                    + (target.run() == null ? "" : " with id " + target.run())
                    + " (runs recorded with recordTraining are paused with the agent's own pause command)");
        }
    }
}
