package io.jenkins.plugins.gputraining;

import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.gate.AlertGate;
import io.jenkins.plugins.gputraining.gate.GateResult;
import io.jenkins.plugins.gputraining.gate.QualityGates;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.options.TrainOptions;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs {@code trainOnGpu} without holding a CPS thread: a worker thread launches the agent through the node's
 * {@link Launcher}, waits for it, archives and records the run, then completes the step. Aborting the build
 * ({@link #stop}) asks the agent to cancel through the run directory's control channel — the agent stops the whole
 * process tree (SIGTERM, then SIGKILL after 10 s) and finalises the run as cancelled — and kills the agent's
 * process tree through Jenkins only if it has not exited after {@link #STOP_GRACE_SECONDS}; what was recorded is
 * archived either way.
 *
 * <p>The training outlives its agent ({@code run --detach}), as a {@code sh} step's script outlives its controller
 * (docs/pipeline.md, "Restarts"): after a restart, {@link #onResume} launches the agent again with
 * {@code run --attach RUN_DIR --wait}, which waits for an agent that still records the run or takes the training up
 * where a dead one stopped, and the step finishes as usual. This needs only the serializable fields below.
 */
final class TrainOnGpuExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(TrainOnGpuExecution.class.getName());
    /** How long an aborted training gets to stop and finalise before Jenkins kills the agent. */
    static final long STOP_GRACE_SECONDS = 30;
    private static final AtomicInteger THREADS = new AtomicInteger();
    static final ExecutorService WORKERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "gpu-training worker " + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private final transient TrainOptions options;
    private final boolean archiveCheckpoints;
    // The quality gates, as plain values: a resumed execution rebuilds them (QualityGates is not serializable).
    private final Double maxFinalLoss;
    private final Double minGpuUtilization;
    private final Double minThroughput;
    private final Double minEfficiency;
    private final AlertGate alertGate;
    private final GateResult gateResult;
    /** The run's id in the build, and its directory relative to the workspace: what a resume attaches to. */
    private String runId;
    private String relativeRunDirectory;
    private transient volatile Future<?> worker;
    private transient volatile Proc process;
    private transient volatile TrainingRun trainingRun;
    private transient volatile Throwable stopCause;
    private final AtomicBoolean completed = new AtomicBoolean();

    TrainOnGpuExecution(final StepContext context, final TrainOptions options, final QualityGates gates,
                        final boolean archiveCheckpoints) {
        super(context);
        this.options = options;
        this.archiveCheckpoints = archiveCheckpoints;
        this.maxFinalLoss = gates.maxFinalLoss();
        this.minGpuUtilization = gates.minGpuUtilization();
        this.minThroughput = gates.minThroughput();
        this.minEfficiency = gates.minEfficiency();
        this.alertGate = gates.alerts();
        this.gateResult = gates.result();
    }

    private QualityGates gates() {
        return new QualityGates(maxFinalLoss, minGpuUtilization, minThroughput, minEfficiency, alertGate, gateResult);
    }

    @Override
    public boolean start() throws Exception {
        StepContext context = getContext();
        Run<?, ?> build = context.get(Run.class);
        Launcher launcher = context.get(Launcher.class);
        if (!launcher.isUnix()) {
            throw new AbortException("trainOnGpu needs a Unix node (Linux with an NVIDIA driver for telemetry); "
                    + "this node is not one");
        }
        TrainingBuildAction action = TrainingBuildAction.attach(build);
        trainingRun = action.allocate(options.runId(), options.name(), "trainOnGpu", Instant.now().toString());
        runId = trainingRun.getId();
        relativeRunDirectory = options.runDirectory(build.getNumber(), runId);
        worker = WORKERS.submit(() -> run(build, action, launcher));
        return false;
    }

    private void run(final Run<?, ?> build, final TrainingBuildAction action, final Launcher launcher) {
        StepContext context = getContext();
        TaskListener listener = null;
        FilePath runDirectory = null;
        FilePath workspace = null;
        try {
            listener = context.get(TaskListener.class);
            workspace = context.get(FilePath.class);
            EnvVars env = context.get(EnvVars.class);
            Computer computer = context.get(Computer.class);
            runDirectory = workspace.child(relativeRunDirectory);
            if (runDirectory.child(ProgressFormat.PROGRESS_FILE).exists()) {
                if (options.runDir() != null) {
                    throw new AbortException("runDir " + relativeRunDirectory + " already holds a training run; give "
                            + "another runDir, or delete it first");
                }
                runDirectory.deleteRecursive();
            }
            FilePath parent = runDirectory.getParent();
            if (parent != null) {
                parent.mkdirs();
            }
            List<String> command = agentCommand(computer, workspace, listener, options.agentArguments(
                    runDirectory.getRemote(), workspace.getRemote(),
                    TrainOptions.runId(build.getNumber(), trainingRun.getId())));
            listener.getLogger().println(TrainingRecorder.PREFIX + "Training run " + trainingRun.getId()
                    + " in " + relativeRunDirectory + " (live page: " + build.getUrl() + TrainingBuildAction.URL_NAME
                    + "/)");
            launchAndFinish(build, action, launcher, listener, runDirectory, workspace, env, command);
        }
        catch (Throwable failure) {
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            salvage(build, action, launcher, listener, runDirectory, workspace);
            fail(stopCause != null ? stopCause : failure);
        }
        finally {
            trainingRun.setLiveDirectory(null);
        }
    }

    /** {@code java <memory options> -jar <runner jar on the node> ARGS}. */
    private static List<String> agentCommand(final Computer computer, final FilePath workspace,
                                             final TaskListener listener, final List<String> arguments)
            throws Exception {
        FilePath agentJar = RunnerInstaller.install(computer, workspace, listener);
        String java = workspace.act(new NodeJavaCallable());
        // The JVM options that keep a days-long agent's memory flat (docs/agent.md, "Memory and JVM options").
        List<String> command = new ArrayList<>(List.of(java, "-Xms8m", "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", agentJar.getRemote()));
        command.addAll(arguments);
        return command;
    }

    /** Launches the agent, waits for it, archives and records the run, and completes the step. */
    private void launchAndFinish(final Run<?, ?> build, final TrainingBuildAction action, final Launcher launcher,
                                 final TaskListener listener, final FilePath runDirectory, final FilePath workspace,
                                 final EnvVars env, final List<String> command) throws Throwable {
        trainingRun.setLiveDirectory(runDirectory);
        if (stopCause != null) {
            throw stopCause;
        }
        process = launcher.launch().cmds(command).envs(env).pwd(workspace)
                .stdout(OutputStream.nullOutputStream()).stderr(listener.getLogger()).start();
        int exitCode = process.join();
        process = null;
        finishRun(build, action, launcher, listener, runDirectory, workspace, exitCode);
    }

    private void finishRun(final Run<?, ?> build, final TrainingBuildAction action, final Launcher launcher,
                           final TaskListener listener, final FilePath runDirectory, final FilePath workspace,
                           final int exitCode) throws Exception {
        if (!runDirectory.child(ProgressFormat.PROGRESS_FILE).exists()) {
            throw new AbortException("the training agent exited with code " + exitCode + " before it recorded a run "
                    + "(see the messages above)");
        }
        List<String> checkpoints = TrainingRecorder.archive(build, runDirectory, workspace, archiveCheckpoints,
                trainingRun, launcher, listener);
        Map<String, Object> analytics = TrainingRecorder.finish(build, action, trainingRun, gates(), checkpoints,
                listener);
        if (stopCause != null) {
            fail(stopCause);
            return;
        }
        String status = trainingRun.getStatus();
        if (!RunStatus.COMPLETED.is(status)) {
            throw new AbortException("training run " + trainingRun.getId() + " ended " + status
                    + (exitCode != 0 ? " (exit code " + exitCode + ")" : ""));
        }
        if (completed.compareAndSet(false, true)) {
            getContext().onSuccess(analytics);
        }
    }

    private void fail(final Throwable failure) {
        if (completed.compareAndSet(false, true)) {
            getContext().onFailure(failure);
        }
    }

    /** After a failure, archives and records what the run directory holds, if anything; never throws. */
    private void salvage(final Run<?, ?> build, final TrainingBuildAction action, final Launcher launcher,
                         final TaskListener listener, final FilePath runDirectory, final FilePath workspace) {
        if (listener == null || runDirectory == null || trainingRun.isRecorded()) {
            return;
        }
        try {
            if (runDirectory.child(ProgressFormat.PROGRESS_FILE).exists()) {
                List<String> checkpoints = TrainingRecorder.archive(build, runDirectory, workspace,
                        archiveCheckpoints, trainingRun, launcher, listener);
                TrainingRecorder.finish(build, action, trainingRun, QualityGates.none(), checkpoints, listener);
            }
        }
        catch (Exception e) {
            listener.getLogger().println(TrainingRecorder.PREFIX + "Could not archive the run: " + e);
        }
    }

    @Override
    public void stop(final Throwable cause) throws Exception {
        stopCause = cause;
        Future<?> running = worker;
        Proc proc = process;
        TrainingRun run = trainingRun;
        if (proc == null) {
            if (running != null) {
                running.cancel(true);
            }
            fail(cause);
            return;
        }
        WORKERS.submit(() -> {
            try {
                FilePath directory = run == null ? null : run.getLiveDirectory();
                if (directory != null) {
                    ControlSender.send(directory, ControlAction.CANCEL, null, "jenkins:abort");
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS);
                while (proc.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                }
                if (proc.isAlive()) {
                    proc.kill();
                }
            }
            catch (Exception e) {
                LOGGER.log(Level.WARNING, "cannot stop the training agent; killing it", e);
                try {
                    proc.kill();
                }
                catch (Exception again) {
                    LOGGER.log(Level.WARNING, "cannot kill the training agent", again);
                }
            }
        });
    }

    /**
     * After a restart of Jenkins: takes the training up again with {@code run --attach RUN_DIR --wait} on the node
     * (docs/pipeline.md, "Restarts"), then finishes the step as usual.
     */
    @Override
    public void onResume() {
        if (completed.get()) {
            return;
        }
        worker = WORKERS.submit(this::resume);
    }

    private void resume() {
        StepContext context = getContext();
        Run<?, ?> build = null;
        TrainingBuildAction action = null;
        Launcher launcher = null;
        TaskListener listener = null;
        FilePath runDirectory = null;
        FilePath workspace = null;
        try {
            build = context.get(Run.class);
            launcher = context.get(Launcher.class);
            listener = context.get(TaskListener.class);
            workspace = context.get(FilePath.class);
            EnvVars env = context.get(EnvVars.class);
            Computer computer = context.get(Computer.class);
            action = TrainingBuildAction.attach(build);
            trainingRun = runId == null ? null : action.getRun(runId);
            if (trainingRun == null || relativeRunDirectory == null) {
                throw new AbortException("trainOnGpu was interrupted by a restart before its training run was set up; "
                        + "run the step again");
            }
            runDirectory = workspace.child(relativeRunDirectory);
            if (!runDirectory.child(ProgressFormat.PROGRESS_FILE).exists()) {
                throw new AbortException("trainOnGpu was interrupted by a restart before its training started (no "
                        + ProgressFormat.PROGRESS_FILE + " in " + relativeRunDirectory + "); run the step again");
            }
            listener.getLogger().println(TrainingRecorder.PREFIX + "Jenkins restarted: taking training run "
                    + runId + " up again in " + relativeRunDirectory);
            launchAndFinish(build, action, launcher, listener, runDirectory, workspace, env,
                    agentCommand(computer, workspace, listener, TrainOptions.attachArguments(runDirectory.getRemote())));
        }
        catch (Throwable failure) {
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (build != null && action != null && trainingRun != null) {
                salvage(build, action, launcher, listener, runDirectory, workspace);
            }
            fail(stopCause != null ? stopCause : failure);
        }
        finally {
            if (trainingRun != null) {
                trainingRun.setLiveDirectory(null);
            }
        }
    }

    @Override
    public String getStatus() {
        TrainingRun run = trainingRun;
        return run == null ? "starting" : "training run " + run.getId() + ": " + run.getStatus();
    }
}
