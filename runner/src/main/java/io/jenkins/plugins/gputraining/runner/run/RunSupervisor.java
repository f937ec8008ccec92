package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.runner.parse.MetricsFileFollower;
import io.jenkins.plugins.gputraining.runner.parse.ThroughputEstimator;
import io.jenkins.plugins.gputraining.runner.process.Signal;
import io.jenkins.plugins.gputraining.runner.process.TrainingProcess;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one training command under the agent: launches it as its own process tree, follows its output
 * ({@link TrainingOutput}) and its metrics files, samples its GPUs, watches for checkpoints, answers
 * pause/resume/cancel requests from the run directory's control channel ({@link PauseController}), and keeps the run
 * directory current until it ends. {@link #cancel()} (the agent's SIGINT/SIGTERM) stops the whole tree and still
 * finalises the artifacts.
 */
public final class RunSupervisor {
    /** The file the agent names in {@code GPU_TRAINING_METRICS_FILE} for the trainer to write JSON lines to. */
    public static final String TRAINER_METRICS_FILE = TrainingEnvironment.TRAINER_METRICS_FILE;
    /** How long a cancelled training gets between SIGTERM and SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private static final long HOUSEKEEPING_MILLIS = 1000;
    private static final long CONTROL_MILLIS = 250;
    private static final long HEARTBEAT_MILLIS = 2000;

    private final RunOptions options;
    private final PrintStream console;
    private final boolean terminal;
    private final Clock clock;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Set<String> answered = new HashSet<>();
    private volatile boolean cancelRequested;
    private volatile String cancelRequestId;
    private volatile TrainingProcess process;
    private volatile PauseController pauses;

    private RunRecorder recorder;
    private ConsoleStatus status;
    private Path runDirectory;

    public RunSupervisor(final RunOptions options, final PrintStream console, final boolean terminal, final Clock clock) {
        this.options = options;
        this.console = console;
        this.terminal = terminal;
        this.clock = clock;
    }

    /**
     * Runs the command to its end (through any pauses).
     *
     * @throws IOException when the run directory cannot be created or already holds a run
     */
    public RunResult execute() throws IOException, InterruptedException {
        try {
            return executeOnce();
        }
        finally {
            done.countDown();
        }
    }

    /** Asks the training to stop (whole tree, SIGTERM then SIGKILL); {@link #execute()} then finishes it. */
    public void cancel() {
        cancelRequested = true;
        PauseController controller = pauses;
        if (controller != null) {
            controller.cancel();
        }
        TrainingProcess running = process;
        if (running != null && running.isAlive()) {
            try {
                running.terminate(STOP_GRACE);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until {@link #execute()} has finalised the run directory. */
    public boolean awaitFinished(final Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private RunResult executeOnce() throws IOException, InterruptedException {
        runDirectory = options.runDirectory().toAbsolutePath().normalize();
        if (Files.exists(runDirectory.resolve(ProgressFormat.PROGRESS_FILE))) {
            throw new IOException(runDirectory + " already holds a run; give --out a new directory");
        }
        Files.createDirectories(runDirectory);
        Path workingDirectory = options.workingDirectory().toAbsolutePath().normalize();
        status = new ConsoleStatus(console, terminal, options.statusInterval().toMillis(), clock.millis());

        GpuTelemetry telemetry = GpuTelemetry.open(options, status);
        ProgressSnapshot first = ProgressSnapshot.start(options.runId(), options.name(), clock.instant())
                .command(options.command())
                .workingDirectory(workingDirectory.toString())
                .gpus(telemetry.devices())
                .telemetry(telemetry.status())
                .build();
        try (RunRecorder opened = new RunRecorder(runDirectory, first, clock, console);
             BufferedWriter outputLog = Files.newBufferedWriter(runDirectory.resolve(ProgressFormat.OUTPUT_FILE),
                     StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            recorder = opened;
            status.message("run " + options.runId() + ": " + String.join(" ", options.command()));
            status.message("progress artifacts: " + runDirectory);
            TrainingEnvironment environment = TrainingEnvironment.of(options, runDirectory);
            PauseController controller = new PauseController(options.pause(), recorder, status,
                    environment.trainerControlFile());
            pauses = controller;

            List<MetricsFileFollower> followers = new ArrayList<>();
            followers.add(new MetricsFileFollower(environment.trainerMetricsFile(), clock));
            if (options.metricsFile() != null) {
                followers.add(new MetricsFileFollower(workingDirectory.resolve(options.metricsFile()), clock));
            }
            MetricsRouter metrics = new MetricsRouter(recorder, status, options.format().parser(),
                    new ThroughputEstimator(options.batchSize()), environment.trainerMetricsFile(),
                    options.metricsFile() != null);
            TrainingOutput output = new TrainingOutput(status, outputLog, metrics);
            CheckpointScanner checkpoints = new CheckpointScanner(workingDirectory, runDirectory,
                    options.checkpointGlob());
            ControlChannel channel = ControlChannel.of(runDirectory);

            List<String> command = options.command();
            if (!start(command, workingDirectory, environment, null)) {
                telemetry.close();
                return new RunResult(runDirectory, RunStatus.FAILED, 127);
            }

            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "training-monitor");
                thread.setDaemon(true);
                return thread;
            });
            if (telemetry.available()) {
                long interval = Math.max(100, options.sampleInterval().toMillis());
                scheduler.scheduleAtFixedRate(() -> telemetry.sample(recorder, status, trainingPids()), 0, interval,
                        TimeUnit.MILLISECONDS);
            }
            long[] lastHeartbeat = {clock.millis()};
            scheduler.scheduleWithFixedDelay(() -> {
                for (MetricsFileFollower follower : followers) {
                    metrics.fromFile(follower.poll());
                }
                recordCheckpoints(checkpoints.scan(recorder.now()));
                long now = clock.millis();
                if (now - lastHeartbeat[0] >= HEARTBEAT_MILLIS) {
                    lastHeartbeat[0] = now;
                    recorder.heartbeat();
                    output.flush();
                }
                status.tick(now);
            }, HOUSEKEEPING_MILLIS, HOUSEKEEPING_MILLIS, TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(() -> control(channel, controller), 0, CONTROL_MILLIS,
                    TimeUnit.MILLISECONDS);

            int exitCode;
            boolean cancelledWhilePaused = false;
            while (true) {
                Thread pump = output.pump(process.output());
                exitCode = process.waitFor();
                pump.join(TimeUnit.SECONDS.toMillis(30));
                Optional<ControlRequest> pause = controller.exited(exitCode);
                if (pause.isEmpty()) {
                    break;
                }
                collect(followers, metrics, checkpoints);
                controller.checkpointed(pause.get(), exitCode, runDirectory);
                Optional<ControlRequest> resume = controller.awaitResumeOrCancel();
                if (resume.isEmpty()) {
                    cancelledWhilePaused = true;
                    break;
                }
                Checkpoint newest = newest(recorder.snapshot().checkpoints());
                String checkpointPath = newest == null ? null
                        : workingDirectory.resolve(newest.path()).normalize().toString();
                command = options.pause().resumeCommand(options.command(), checkpointPath);
                metrics.restartInterval();
                if (!start(command, workingDirectory, environment, resume.get())) {
                    exitCode = 127;
                    break;
                }
            }
            scheduler.shutdown();
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
            collect(followers, metrics, checkpoints);

            RunStatus ending = cancelRequested || cancelledWhilePaused ? RunStatus.CANCELLED
                    : exitCode == 0 ? RunStatus.COMPLETED : RunStatus.FAILED;
            String signal = cancelledWhilePaused ? null : Signal.fromExitCode(exitCode);
            // A relaunch that could not start has already finished the run with its reason; this is then a no-op.
            String error = ending == RunStatus.FAILED ? "training command " + (signal == null
                    ? "exited with code " + exitCode : "was killed by " + signal) : null;
            recorder.finish(ending, exitCode, signal, error, cancelRequestId);
            output.flush();
            telemetry.close();
            status.close();
            status.message("training " + ending.jsonName() + " (exit code " + exitCode + "); artifacts in "
                    + runDirectory);
            return new RunResult(runDirectory, ending, exitCode);
        }
    }

    private Set<Long> trainingPids() {
        TrainingProcess running = process;
        return running == null ? Set.of() : running.tree().pids();
    }

    /** Starts (or, with a resume request, restarts) the command; a failure to start fails the run. */
    private boolean start(final List<String> command, final Path workingDirectory,
                          final TrainingEnvironment environment, final ControlRequest resume) {
        try {
            Files.deleteIfExists(environment.trainerControlFile());
            process = TrainingProcess.start(command, workingDirectory, environment.variables());
        }
        catch (IOException e) {
            status.message("ERROR: " + e.getMessage());
            recorder.finish(RunStatus.FAILED, null, null, e.getMessage(), resume == null ? null : resume.id());
            return false;
        }
        LifecycleEvent started = resume == null
                ? LifecycleEvent.of(recorder.now(), LifecycleEvent.STARTED, "training started")
                : LifecycleEvent.of(recorder.now(), LifecycleEvent.RESUMED, "resumed from the newest checkpoint")
                        .with("mode", PauseMode.CHECKPOINT.jsonName()).with(LifecycleEvent.REQUEST_ID, resume.id())
                        .with("requested_by", resume.requestedBy());
        started = started.with("pid", process.pid()).with("own_process_group", process.ownGroup())
                .with("command", command);
        if (resume == null) {
            recorder.event(started);
        }
        else {
            recorder.transition(RunStatus.RUNNING, started);
            status.message("resumed: " + String.join(" ", command));
        }
        pauses.started(process);
        if (cancelRequested) {
            cancel();
        }
        return true;
    }

    private void collect(final List<MetricsFileFollower> followers, final MetricsRouter metrics,
                         final CheckpointScanner checkpoints) {
        for (MetricsFileFollower follower : followers) {
            metrics.fromFile(follower.drain());
            follower.lastProblem().ifPresent(problem -> status.message("WARNING: " + follower.file() + ": "
                    + problem));
        }
        // A checkpoint counts once its size held between two scans: scan twice now that nothing writes.
        recordCheckpoints(checkpoints.scan(recorder.now()));
        recordCheckpoints(checkpoints.scan(recorder.now()));
    }

    private static Checkpoint newest(final List<Checkpoint> checkpoints) {
        return checkpoints.stream()
                .max(Comparator.comparing((Checkpoint c) -> c.step() == null ? Long.MIN_VALUE : c.step())
                        .thenComparingDouble(Checkpoint::time))
                .orElse(null);
    }

    private void control(final ControlChannel channel, final PauseController controller) {
        try {
            List<ControlOutcome> rejected = new ArrayList<>();
            for (ControlRequest request : channel.take(rejected)) {
                if (answered.add(request.id())) {
                    handle(request, controller);
                }
            }
            for (ControlOutcome outcome : rejected) {
                controller.refuse(outcome.requestId(), outcome.message());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (RuntimeException e) {
            status.message("WARNING: control request failed: " + e.getMessage());
        }
    }

    private void handle(final ControlRequest request, final PauseController controller) throws InterruptedException {
        status.message(request.action().jsonName() + " requested by " + request.requestedBy());
        switch (request.action()) {
            case CANCEL -> {
                cancelRequestId = request.id();
                Thread stopper = new Thread(this::cancel, "training-cancel");
                stopper.setDaemon(true);
                stopper.start();
            }
            case PAUSE -> controller.pause(request);
            case RESUME -> controller.resume(request);
            default -> controller.refuse(request.id(), "unknown action");
        }
    }

    private void recordCheckpoints(final List<Checkpoint> found) {
        for (Checkpoint checkpoint : found) {
            recorder.checkpoint(checkpoint);
            status.message("checkpoint " + checkpoint.path()
                    + (checkpoint.step() == null ? "" : " (step " + checkpoint.step() + ")"));
        }
    }
}
