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
    private final transient QualityGates gates;
    private final boolean archiveCheckpoints;
    private transient volatile Future<?> worker;
    private transient volatile Proc process;
    private transient volatile TrainingRun trainingRun;
    private transient volatile Throwable stopCause;
    private final AtomicBoolean completed = new AtomicBoolean();

    TrainOnGpuExecution(final StepContext context, final TrainOptions options, final QualityGates gates,
                        final boolean archiveCheckpoints) {
        super(context);
        this.options = options;
        this.gates = gates;
        this.archiveCheckpoints = archiveCheckpoints;
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
            String relativeRunDir = options.runDirectory(build.getNumber(), trainingRun.getId());
            runDirectory = workspace.child(relativeRunDir);
            if (runDirectory.child(ProgressFormat.PROGRESS_FILE).exists()) {
                if (options.runDir() != null) {
                    throw new AbortException("runDir " + relativeRunDir + " already holds a training run; give "
                            + "another runDir, or delete it first");
                }
                runDirectory.deleteRecursive();
            }
            FilePath parent = runDirectory.getParent();
            if (parent != null) {
                parent.mkdirs();
            }
            FilePath agentJar = RunnerInstaller.install(computer, workspace, listener);
            String java = workspace.act(new NodeJavaCallable());
            // The JVM options that keep a days-long agent's memory flat (docs/agent.md, "Memory and JVM options").
            List<String> command = new ArrayList<>(List.of(java, "-Xms8m", "-Xmx64m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", agentJar.getRemote()));
            command.addAll(options.agentArguments(runDirectory.getRemote(), workspace.getRemote(),
                    TrainOptions.runId(build.getNumber(), trainingRun.getId())));
            listener.getLogger().println(TrainingRecorder.PREFIX + "Training run " + trainingRun.getId()
                    + " in " + relativeRunDir + " (live page: " + build.getUrl() + TrainingBuildAction.URL_NAME + "/)");
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

    private void finishRun(final Run<?, ?> build, final TrainingBuildAction action, final Launcher launcher,
                           final TaskListener listener, final FilePath runDirectory, final FilePath workspace,
                           final int exitCode) throws Exception {
        if (!runDirectory.child(ProgressFormat.PROGRESS_FILE).exists()) {
            throw new AbortException("the training agent exited with code " + exitCode + " before it recorded a run "
                    + "(see the messages above)");
        }
        List<String> checkpoints = TrainingRecorder.archive(build, runDirectory, workspace, archiveCheckpoints,
                trainingRun, launcher, listener);
        Map<String, Object> analytics = TrainingRecorder.finish(build, action, trainingRun, gates, checkpoints,
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

    @Override
    public void onResume() {
        fail(new AbortException("trainOnGpu cannot survive a controller restart: its agent "
                + "process was lost. For training that must outlive restarts, run the agent under sh and record it "
                + "with recordTraining (docs/pipeline.md)."));
    }

    @Override
    public String getStatus() {
        TrainingRun run = trainingRun;
        return run == null ? "starting" : "training run " + run.getId() + ": " + run.getStatus();
    }
}
