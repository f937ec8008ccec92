package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.model.progress.AgentIdentity;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.ReadResult;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.runner.parse.ProgressHints;
import io.jenkins.plugins.gputraining.runner.parse.ThroughputEstimator;
import io.jenkins.plugins.gputraining.runner.process.Signal;
import io.jenkins.plugins.gputraining.runner.process.TrainingFiles;
import io.jenkins.plugins.gputraining.runner.process.TrainingProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one training command under the agent: takes the run directory ({@link RunClaim}), launches the command as its
 * own process tree writing its output to output.log ({@link TrainingProcess}), follows that output
 * ({@link OutputTail}) and the metrics files, samples the GPUs, watches for checkpoints, answers pause/resume/cancel
 * requests from the control channel ({@link PauseController}), and keeps the run directory current until the run
 * ends. {@link #cancel()} (the agent's SIGINT/SIGTERM) stops the whole tree and still finalises the artifacts.
 *
 * <p>{@link #attaching} takes up a run another agent started and left (docs/agent.md, "Attach and detach"): it goes
 * on reading where that agent stopped and finalises the run, with the exit code the training left if it ended
 * meanwhile.
 */
public final class RunSupervisor {
    /** The file the agent names in {@code GPU_TRAINING_METRICS_FILE} for the trainer to write JSON lines to. */
    public static final String TRAINER_METRICS_FILE = TrainingEnvironment.TRAINER_METRICS_FILE;
    /** The agent's state folder in a run directory (lock, read positions, the training's pid and exit code). */
    public static final String STATE_FOLDER = RunClaim.STATE_FOLDER;
    /** How long a cancelled training gets between SIGTERM and SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** How long what is left of the process group after the command exited gets, before SIGTERM, then SIGKILL. */
    public static final Duration LEFTOVER_GRACE = Duration.ofSeconds(1);
    /** The event an agent records when it takes up a run another agent left. */
    public static final String ATTACHED = "attached";

    private static final long HOUSEKEEPING_MILLIS = 1000;
    private static final long CONTROL_MILLIS = 250;
    private static final long HEARTBEAT_MILLIS = 2000;
    private static final long HOLDER_POLL_MILLIS = 1000;

    private final RunOptions options;
    private final PrintStream console;
    private final boolean terminal;
    private final Clock clock;
    private final boolean attach;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Set<String> answered = new HashSet<>();
    private volatile boolean cancelRequested;
    private volatile String cancelRequestId;
    private volatile TrainingProcess process;
    private volatile PauseController pauses;

    private ConsoleStatus status;
    private RunRecorder recorder;
    /** When a training that ended while no agent watched it ended, as far as its files tell; else {@code null}. */
    private Instant unwatchedEnd;
    private boolean stoppedWithAgent;

    public RunSupervisor(final RunOptions options, final PrintStream console, final boolean terminal, final Clock clock) {
        this(options, console, terminal, clock, false);
    }

    private RunSupervisor(final RunOptions options, final PrintStream console, final boolean terminal,
                          final Clock clock, final boolean attach) {
        this.options = options;
        this.console = console;
        this.terminal = terminal;
        this.clock = clock;
        this.attach = attach;
    }

    /**
     * A supervisor for {@code run --attach}: it takes up the run in a directory with the options that run was started
     * with.
     *
     * @param environment {@code --env} variables, for a relaunch after a checkpoint pause
     * @throws IOException when the directory holds no run, or its options cannot be read
     */
    public static RunSupervisor attaching(final Path runDirectory, final Map<String, String> environment,
                                          final PrintStream console, final boolean terminal, final Clock clock)
            throws IOException {
        Path directory = runDirectory.toAbsolutePath().normalize();
        ProgressSnapshot progress;
        try {
            progress = io.jenkins.plugins.gputraining.model.progress.RunDirectory.at(directory).readProgress();
        }
        catch (RuntimeException e) {
            throw new IOException("cannot attach to " + directory + ": " + e.getMessage(), e);
        }
        RunOptions options = RecordedOptions.read(directory, directory.resolve(STATE_FOLDER), progress, environment);
        return new RunSupervisor(options, console, terminal, clock, true);
    }

    /**
     * Runs the command to its end (through any pauses), or, for {@link #attaching}, takes the run up and sees it to
     * its end.
     *
     * @throws IOException when the run directory cannot be created or taken, already holds a run, or (attaching)
     *         another agent holds it
     */
    public RunResult execute() throws IOException, InterruptedException {
        return execute(false);
    }

    /**
     * Like {@link #execute()}; attaching with {@code waitForHolder}, waits for an agent that holds the run to let go
     * (echoing the training's output meanwhile) instead of failing.
     */
    public RunResult execute(final boolean waitForHolder) throws IOException, InterruptedException {
        try {
            return attach ? attachOnce(waitForHolder) : executeOnce();
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
        Path runDirectory = options.runDirectory().toAbsolutePath().normalize();
        Path workingDirectory = options.workingDirectory().toAbsolutePath().normalize();
        status = new ConsoleStatus(console, terminal, options.statusInterval().toMillis(), clock.millis());
        AgentIdentity agent = AgentIdentity.current(options.detached());
        GpuTelemetry telemetry = GpuTelemetry.open(options, status);
        ProgressSnapshot first = agent.stamp(ProgressSnapshot.start(options.runId(), options.name(), clock.instant())
                .command(options.command())
                .workingDirectory(workingDirectory.toString())
                .gpus(telemetry.devices())
                .telemetry(telemetry.status())
                .build());
        RunLock lock;
        try {
            lock = RunClaim.createNew(runDirectory, agent, first, stateFolder -> {
                DiskReserve.setAside(stateFolder);
                RecordedOptions.write(stateFolder, options);
            });
        }
        catch (IOException e) {
            telemetry.close();
            throw e;
        }
        Path state = runDirectory.resolve(STATE_FOLDER);
        DiskReserve reserve = DiskReserve.at(state);
        try (lock; RunRecorder opened = new RunRecorder(runDirectory, first, clock, console)) {
            recorder = opened;
            recorder.reserve(reserve);
            status.message("run " + options.runId() + ": " + String.join(" ", options.command()));
            status.message("progress artifacts: " + runDirectory + (options.detached()
                    ? " (detached: the training outlives this agent; take it up again with run --attach)" : ""));
            Session session = new Session(runDirectory, workingDirectory, state, telemetry,
                    ReadPositions.start(state), new CheckpointScanner(workingDirectory, runDirectory,
                    options.checkpointGlob()), 0);
            if (!start(session, options.command(), null)) {
                session.close();
                return new RunResult(runDirectory, RunStatus.FAILED, 127);
            }
            return monitor(session, Phase.RUNNING, OptionalInt.empty());
        }
        finally {
            telemetry.close();
            reserve.release();
        }
    }

    private RunResult attachOnce(final boolean waitForHolder) throws IOException, InterruptedException {
        Path runDirectory = options.runDirectory();
        Path state = runDirectory.resolve(STATE_FOLDER);
        Path workingDirectory = options.workingDirectory().toAbsolutePath().normalize();
        status = new ConsoleStatus(console, terminal, options.statusInterval().toMillis(), clock.millis());
        AgentIdentity agent = AgentIdentity.current(options.detached());
        RunLock lock = takeOver(runDirectory, state, agent, waitForHolder);
        io.jenkins.plugins.gputraining.model.progress.RunDirectory run =
                io.jenkins.plugins.gputraining.model.progress.RunDirectory.at(runDirectory);
        ProgressSnapshot progress;
        try {
            progress = run.readProgress();
        }
        catch (RuntimeException e) {
            lock.close();
            throw new IOException("cannot attach to " + runDirectory + ": " + e.getMessage(), e);
        }
        if (progress.status().isFinished()) {
            lock.close();
            status.message("run " + progress.runId() + " has ended already: " + progress.status().jsonName());
            status.close();
            int code = progress.exitCode() != null ? progress.exitCode()
                    : progress.status() == RunStatus.COMPLETED ? 0 : 1;
            return new RunResult(runDirectory, progress.status(), code);
        }
        List<LifecycleEvent> events;
        GpuTelemetry telemetry;
        try {
            events = run.events();
            telemetry = GpuTelemetry.open(options, status);
        }
        catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        DiskReserve reserve;
        try {
            reserve = DiskReserve.create(state);
        }
        catch (IOException e) {
            reserve = DiskReserve.none(state);
            status.message("WARNING: " + e.getMessage());
        }
        try (lock; RunRecorder opened = new RunRecorder(runDirectory, agent.stamp(progress.toBuilder()
                .gpus(telemetry.devices().isEmpty() ? progress.gpus() : telemetry.devices())
                .telemetry(telemetry.status()).build()), clock, console)) {
            recorder = opened;
            recorder.reserve(reserve);
            ReadPositions positions;
            try {
                positions = ReadPositions.load(state);
            }
            catch (IOException e) {
                status.message("WARNING: cannot read where the previous agent stopped reading (" + e.getMessage()
                        + "); reading the output from its start");
                positions = ReadPositions.start(state);
            }
            Set<String> recordedCheckpoints = new HashSet<>();
            progress.checkpoints().forEach(checkpoint -> recordedCheckpoints.add(checkpoint.path()));
            ReadResult recordedMetrics = run.readMetrics(record -> { });
            Session session = new Session(runDirectory, workingDirectory, state, telemetry, positions,
                    CheckpointScanner.attaching(workingDirectory, runDirectory, options.checkpointGlob(),
                            recordedCheckpoints, progress.startedAt() == null ? clock.instant()
                                    : progress.startedAt()),
                    recordedMetrics.records() + recordedMetrics.problemCount());
            session.skipUnsaved();
            AdoptedTraining found = AdoptedTraining.find(events, progress, session.files);
            recorder.event(LifecycleEvent.of(recorder.now(), ATTACHED, "an agent took the run up again ("
                    + agent.describe() + "): " + found.describe())
                    .with("pid", agent.pid()).with("host", agent.host()));
            status.message("attached to run " + progress.runId() + " in " + runDirectory + ": " + found.describe());
            process = found.process().orElse(null);
            pauses.adopt(process, found.state(), found.checkpointPause());
            if (found.unrecordedPause()) {
                pauses.checkpointed(found.checkpointPause(), found.exitCode().orElse(0), runDirectory);
            }
            if (found.phase() != Phase.RUNNING && found.group().isPresent()
                    && TrainingProcess.stopLeftovers(found.group().getAsLong(), LEFTOVER_GRACE) > 0) {
                status.message("stopped what was left of the training's process group");
            }
            if (found.phase() == Phase.ENDED) {
                unwatchedEnd = UnwatchedEnd.of(progress, events, session.files);
                stoppedWithAgent = found.stoppedWithAgent();
            }
            return monitor(session, found.phase(), found.exitCode());
        }
        finally {
            telemetry.close();
            reserve.release();
        }
    }

    /** Takes the run's lock, waiting for its holder to let go if asked to. */
    private RunLock takeOver(final Path runDirectory, final Path state, final AgentIdentity agent,
                             final boolean waitForHolder) throws IOException, InterruptedException {
        Optional<RunLock> lock = RunClaim.lockExisting(runDirectory, agent);
        if (lock.isPresent()) {
            return lock.get();
        }
        String holder = RunLock.holder(state);
        if (!waitForHolder) {
            throw new IOException(runDirectory + " is held by " + holder + ", which records the run; attach once it "
                    + "is gone (or add --wait)");
        }
        status.message("waiting for " + holder + " to let go of " + runDirectory + "; its training's output follows");
        ReadPositions end = ReadPositions.neverSaved(java.nio.file.Files.size(runDirectory.resolve(
                ProgressFormat.OUTPUT_FILE)));
        try (OutputTail echo = new OutputTail(runDirectory.resolve(ProgressFormat.OUTPUT_FILE),
                new TrainingOutput(status, null), end, status)) {
            echo.start();
            while (lock.isEmpty()) {
                if (cancelRequested) {
                    throw new IOException("stopped while waiting for " + holder + " to let go of " + runDirectory);
                }
                Thread.sleep(HOLDER_POLL_MILLIS);
                lock = RunClaim.lockExisting(runDirectory, agent);
            }
            echo.drain();
        }
        return lock.get();
    }

    /** Where a run stands when the monitor takes it. */
    enum Phase {
        /** The training runs ({@link #process}). */
        RUNNING,
        /** The trainer checkpointed and exited for a pause; a resume relaunches it. */
        CHECKPOINTED,
        /** The training ended while no agent recorded it; its exit code, if it left one, is known. */
        ENDED
    }

    /** Everything one run's monitoring uses. */
    private final class Session implements AutoCloseable {
        final Path runDirectory;
        final Path workingDirectory;
        final TrainingEnvironment environment;
        final TrainingFiles files;
        final GpuTelemetry telemetry;
        final ReadPositions positions;
        final List<FollowedMetricsFile> followers = new ArrayList<>();
        final MetricsRouter metrics;
        final OutputTail tail;
        final CheckpointScanner checkpoints;
        final ControlChannel channel;
        final ScheduledExecutorService scheduler;
        final long started = clock.millis();

        Session(final Path runDirectory, final Path workingDirectory, final Path state, final GpuTelemetry telemetry,
                final ReadPositions positions, final CheckpointScanner checkpoints, final long recordedAlready) {
            this.runDirectory = runDirectory;
            this.workingDirectory = workingDirectory;
            this.environment = TrainingEnvironment.of(options, runDirectory);
            this.files = new TrainingFiles(runDirectory.resolve(ProgressFormat.OUTPUT_FILE), state);
            this.telemetry = telemetry;
            this.positions = positions;
            this.checkpoints = checkpoints;
            this.channel = ControlChannel.of(runDirectory);
            pauses = new PauseController(options.pause(), recorder, status, environment.trainerControlFile());
            followers.add(new FollowedMetricsFile(environment.trainerMetricsFile(), clock, positions));
            if (options.metricsFile() != null) {
                followers.add(new FollowedMetricsFile(workingDirectory.resolve(options.metricsFile()), clock,
                        positions));
            }
            metrics = new MetricsRouter(recorder, status,
                    options.format().reader(ProgressHints.of(options.batchSize(), options.command())),
                    new ThroughputEstimator(options.batchSize()), environment.trainerMetricsFile(),
                    options.metricsFile() != null, options.format().toString(), recordedAlready);
            positions.countRecordsWith(metrics::recorded);
            tail = new OutputTail(files.outputLog(), new TrainingOutput(status, metrics), positions, status);
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "training-monitor");
                thread.setDaemon(true);
                return thread;
            });
        }

        void startMonitoring() {
            tail.start();
            if (telemetry.available()) {
                long interval = Math.max(100, options.sampleInterval().toMillis());
                scheduler.scheduleAtFixedRate(() -> telemetry.sample(recorder, status, trainingPids()), 0, interval,
                        TimeUnit.MILLISECONDS);
            }
            long[] lastHeartbeat = {clock.millis()};
            scheduler.scheduleWithFixedDelay(() -> {
                pollMetricsFiles(false);
                recordCheckpoints(checkpoints.scan(recorder.now()));
                long now = clock.millis();
                metrics.warnIfNoProgress(now - started, false);
                if (now - lastHeartbeat[0] >= HEARTBEAT_MILLIS) {
                    lastHeartbeat[0] = now;
                    recorder.heartbeat();
                    savePositions();
                }
                status.tick(now);
            }, HOUSEKEEPING_MILLIS, HOUSEKEEPING_MILLIS, TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(() -> control(channel, pauses), 0, CONTROL_MILLIS,
                    TimeUnit.MILLISECONDS);
        }

        void pollMetricsFiles(final boolean toEnd) {
            for (FollowedMetricsFile follower : followers) {
                follower.take(toEnd, metrics::fromFile, this::reportSave);
                if (toEnd && follower.lastProblem() != null) {
                    status.message("WARNING: " + follower.file() + ": " + follower.lastProblem());
                }
            }
        }

        void savePositions() {
            reportSave(positions.save());
        }

        void reportSave(final String failure) {
            if (failure != null) {
                status.message("WARNING: " + failure + "; an agent attaching later may parse some output again");
            }
        }

        /**
         * For an agent attaching: skips what the previous agent recorded after it last saved its positions (see
         * {@link ReadPositions}).
         */
        void skipUnsaved() {
            Map.Entry<String, Long> unsaved = positions.unsaved(metrics.recorded());
            if (unsaved == null) {
                return;
            }
            if (ReadPositions.OUTPUT.equals(unsaved.getKey())) {
                metrics.skipConsoleRecords(unsaved.getValue());
                return;
            }
            for (FollowedMetricsFile follower : followers) {
                if (follower.file().toString().equals(unsaved.getKey())) {
                    follower.skipMore(unsaved.getValue());
                    return;
                }
            }
            status.message("WARNING: the previous agent was reading " + unsaved.getKey() + ", which this run does not "
                    + "follow; " + unsaved.getValue() + " of its records may be recorded again");
        }

        /** Reads what is left: metrics files to their end, and checkpoints that completed. */
        void collect() {
            pollMetricsFiles(true);
            // A checkpoint counts once its size held between two scans: scan twice now that nothing writes.
            recordCheckpoints(checkpoints.scan(recorder.now()));
            recordCheckpoints(checkpoints.scan(recorder.now()));
        }

        @Override
        public void close() throws InterruptedException {
            scheduler.shutdown();
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
            tail.close();
        }
    }

    /** Follows the run to its end, through pauses and relaunches, and records the end. */
    private RunResult monitor(final Session session, final Phase phase, final OptionalInt knownExitCode)
            throws InterruptedException {
        session.startMonitoring();
        OptionalInt exitCode = knownExitCode;
        boolean cancelledWhilePaused = false;
        Phase next = phase;
        while (true) {
            if (next == Phase.RUNNING) {
                exitCode = process.waitFor();
                endOfLaunch(session);
                Optional<ControlRequest> pause = pauses.exited(exitCode.orElse(-1));
                if (pause.isEmpty()) {
                    break;
                }
                session.collect();
                pauses.checkpointed(pause.get(), exitCode.orElse(-1), session.runDirectory);
                next = Phase.CHECKPOINTED;
            }
            if (next == Phase.ENDED) {
                session.tail.endOfOutput();
                break;
            }
            Optional<ControlRequest> resume = pauses.awaitResumeOrCancel();
            if (resume.isEmpty()) {
                cancelledWhilePaused = true;
                break;
            }
            Checkpoint newest = newest(recorder.snapshot().checkpoints());
            String checkpointPath = newest == null ? null
                    : session.workingDirectory.resolve(newest.path()).normalize().toString();
            session.metrics.restartInterval();
            if (!start(session, options.pause().resumeCommand(options.command(), checkpointPath), resume.get())) {
                exitCode = OptionalInt.of(127);
                break;
            }
            next = Phase.RUNNING;
        }
        session.close();
        session.collect();
        session.metrics.warnIfNoProgress(clock.millis() - session.started, true);
        session.savePositions();

        RunStatus ending;
        String signal = null;
        String error = null;
        Integer code = exitCode.isPresent() ? Integer.valueOf(exitCode.getAsInt()) : null;
        if (cancelRequested || cancelledWhilePaused) {
            ending = RunStatus.CANCELLED;
            signal = cancelledWhilePaused || code == null ? null : Signal.fromExitCode(code);
        }
        else if (code == null || stoppedWithAgent) {
            ending = RunStatus.INTERRUPTED;
            signal = code == null ? null : Signal.fromExitCode(code);
            error = stoppedWithAgent ? "the training was stopped when the agent recording it died (no --detach)"
                    : "the training ended while no agent recorded it, without leaving its exit code (it was stopped "
                    + "with the agent that started it, or its machine restarted)";
        }
        else {
            ending = code == 0 ? RunStatus.COMPLETED : RunStatus.FAILED;
            signal = Signal.fromExitCode(code);
            // A relaunch that could not start has already finished the run with its reason; this is then a no-op.
            error = ending == RunStatus.FAILED ? "training command " + (signal == null
                    ? "exited with code " + code : "was killed by " + signal) : null;
        }
        recorder.finish(ending, code, signal, error, cancelRequestId,
                unwatchedEnd != null ? unwatchedEnd : clock.instant());
        status.close();
        status.message("training " + ending.jsonName() + (code == null ? "" : " (exit code " + code + ")")
                + "; artifacts in " + session.runDirectory);
        return new RunResult(session.runDirectory, ending,
                code == null || ending == RunStatus.INTERRUPTED ? 1 : code);
    }

    /** After the command exited: its last output, then what is left of its process group. */
    private void endOfLaunch(final Session session) throws InterruptedException {
        TrainingProcess ended = process;
        session.tail.drain();
        int rounds = ended.stopLeftovers(LEFTOVER_GRACE);
        if (rounds > 0) {
            status.message("stopped what was left of the training's process group after it exited ("
                    + (rounds == 1 ? "SIGTERM" : "SIGTERM, then SIGKILL") + ")");
        }
        session.tail.endOfOutput();
    }

    private Set<Long> trainingPids() {
        TrainingProcess running = process;
        return running == null ? Set.of() : running.tree().pids();
    }

    /** Starts (or, with a resume request, restarts) the command; a failure to start fails the run. */
    private boolean start(final Session session, final List<String> command, final ControlRequest resume) {
        try {
            java.nio.file.Files.deleteIfExists(session.environment.trainerControlFile());
            process = TrainingProcess.start(command, session.workingDirectory, session.environment.variables(),
                    session.files, options.detached());
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
                .with(AdoptedTraining.PROCESS_GROUP, process.group())
                .with(AdoptedTraining.PROCESS_GROUP_STARTED, process.groupStartedAt()
                        .map(Instant::toString).orElse(null))
                .with("detached", options.detached()).with("command", command);
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
