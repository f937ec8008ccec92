package io.jenkins.plugins.gputraining;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Cause;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.User;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.control.ControlAuthority;
import io.jenkins.plugins.gputraining.control.ControlNote;
import io.jenkins.plugins.gputraining.control.TrainingTarget;
import hudson.security.ACL;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundSetter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * What {@code pauseTraining} and {@code resumeTraining} share: which build (this one, or {@code job} and
 * {@code build}), which of its runs ({@code run}, default the live one), and how long to wait for the agent's
 * answer. A build may always act on itself; on another build, Item.CANCEL (and Item.READ) on its job are checked as
 * the identity responsible for this build ({@link ControlAuthority}: its authentication when it runs as a user, else
 * the user who started it); when nobody is, only builds of this build's own job may be controlled. Who did it is
 * noted on the target build's page. Fails clearly when the build is not a running training build.
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
            Run<?, ?> current = getContext().get(Run.class);
            ControlAuthority authority = authority(current);
            Run<?, ?> targetBuild = resolve(current, target, authority, action);
            ControlAction controlAction = ControlAction.parse(action);
            TrainingRun live = liveRun(targetBuild, target);
            listener.getLogger().println(TrainingRecorder.PREFIX + "Asking the agent to " + action + " training run "
                    + live.getId() + " of " + targetBuild.getFullDisplayName()
                    + (mode == null ? "" : " (" + mode + ")"));
            FilePath directory = live.getLiveDirectory();
            String requestId = ControlSender.send(directory, controlAction,
                    mode == null ? null : PauseMode.parse(mode), ControlRequest.requester("jenkins", authority.name()));
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
            live.noteControl(ControlNote.of(controlAction, authority.name(), action + "Training in "
                    + current.getFullDisplayName(), Instant.now()));
            targetBuild.save();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("request_id", requestId);
            result.put("action", action);
            result.put("event", outcome.get().event());
            result.put("message", outcome.get().message());
            result.put("build", targetBuild.getNumber());
            result.put("run", live.getId());
            return result;
        }

        /** Who is responsible for this build: its authentication, else the user who started it, else nobody. */
        static ControlAuthority authority(final Run<?, ?> current) {
            Authentication authentication = Jenkins.getAuthentication2();
            Cause.UserIdCause started = current.getCause(Cause.UserIdCause.class);
            return ControlAuthority.of(ACL.SYSTEM2.equals(authentication) ? null : authentication.getName(),
                    started == null ? null : started.getUserId());
        }

        /**
         * The target build. A build may act on itself; on another build, Item.READ and Item.CANCEL on its job are
         * checked as the responsible identity; without one, only builds of this build's own job are allowed.
         */
        static Run<?, ?> resolve(final Run<?, ?> current, final TrainingTarget target,
                                 final ControlAuthority authority, final String action) throws AbortException {
            if (target.isCurrentBuild()) {
                return current;
            }
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
            Authentication responsible = responsible(authority);
            if (responsible == null) {
                if (job != current.getParent()) {
                    throw new AbortException(authority.refusal(action, job.getFullName()));
                }
            }
            else {
                if (!job.hasPermission2(responsible, Item.READ)) {
                    throw new AbortException("no job named " + target.job() + " (or no permission to see it)");
                }
                if (!job.hasPermission2(responsible, Item.CANCEL)) {
                    throw new AbortException(authority.missingCancel(action, job.getFullName()));
                }
            }
            Run<?, ?> build = job.getBuildByNumber(target.build());
            if (build == null) {
                throw new AbortException(target.describe() + " does not exist");
            }
            return build;
        }

        /** The authentication to check permissions as, or {@code null} when nobody is responsible. */
        private static Authentication responsible(final ControlAuthority authority) throws AbortException {
            switch (authority.kind()) {
                case BUILD:
                    return Jenkins.getAuthentication2();
                case STARTER:
                    User user = User.getById(authority.name(), false);
                    if (user == null) {
                        throw new AbortException(authority.describe() + " is no longer a Jenkins user");
                    }
                    try {
                        return user.impersonate2();
                    }
                    catch (UsernameNotFoundException e) {
                        throw new AbortException(authority.describe() + " is not a user of the security realm any "
                                + "more: " + e.getMessage());
                    }
                default:
                    return null;
            }
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
