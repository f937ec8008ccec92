package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSampler;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSelection;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSelectionException;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSelector;
import io.jenkins.plugins.gputraining.runner.nvml.Nvml;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlOpenResult;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlSession;
import io.jenkins.plugins.gputraining.runner.parse.ConsoleBatch;
import io.jenkins.plugins.gputraining.runner.parse.ConsoleLine;
import io.jenkins.plugins.gputraining.runner.parse.ConsoleLineSplitter;
import io.jenkins.plugins.gputraining.runner.parse.MetricRecordMapper;
import io.jenkins.plugins.gputraining.runner.parse.MetricsFileFollower;
import io.jenkins.plugins.gputraining.runner.parse.Observation;
import io.jenkins.plugins.gputraining.runner.parse.ProgressHints;
import io.jenkins.plugins.gputraining.runner.parse.ProgressReader;
import io.jenkins.plugins.gputraining.runner.parse.ThroughputEstimator;
import io.jenkins.plugins.gputraining.runner.process.Signal;
import io.jenkins.plugins.gputraining.runner.process.TrainingProcess;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import io.jenkins.plugins.gputraining.model.progress.TelemetryStatus;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one training command under the agent: launches it as its own process tree, tees and parses its output,
 * follows its metrics files, samples its GPUs, watches for checkpoints, answers pause/resume/cancel requests from the
 * run directory's control channel, and keeps the run directory current until it ends. {@link #cancel()} (the
 * agent's SIGINT/SIGTERM) stops the whole tree and still finalises the artifacts.
 */
public final class RunSupervisor {
    /** The file the agent names in {@code GPU_TRAINING_METRICS_FILE} for the trainer to write JSON lines to. */
    public static final String TRAINER_METRICS_FILE = "trainer-metrics.jsonl";
    /** The file the agent names in {@code GPU_TRAINING_CONTROL_FILE}; it holds {@code checkpoint} when one is due. */
    public static final String TRAINER_CONTROL_FILE = "trainer-control";
    public static final String CONTROL_FILE_VARIABLE = "GPU_TRAINING_CONTROL_FILE";
    /** How long a cancelled training gets between SIGTERM and SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private static final long HOUSEKEEPING_MILLIS = 1000;
    private static final long CONTROL_MILLIS = 250;
    private static final long HEARTBEAT_MILLIS = 2000;
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(10);

    /** Where the run stands, as far as pausing goes. */
    private enum State { RUNNING, SUSPENDED, CHECKPOINTING, CHECKPOINTED, ENDING }

    private final RunOptions options;
    private final PrintStream console;
    private final boolean terminal;
    private final Clock clock;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Object lock = new Object();
    private final Set<String> answered = new HashSet<>();
    private volatile boolean cancelRequested;
    private volatile String cancelRequestId;
    private volatile TrainingProcess process;
    private State state = State.RUNNING;
    private ControlRequest checkpointPause;
    private ControlRequest checkpointResume;

    private RunRecorder recorder;
    private ConsoleStatus status;
    private Path runDirectory;
    private Path controlFile;

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
        synchronized (lock) {
            lock.notifyAll();
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

        Telemetry telemetry = Telemetry.open(options, status);
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
            Path trainerMetrics = runDirectory.resolve(TRAINER_METRICS_FILE);
            controlFile = runDirectory.resolve(TRAINER_CONTROL_FILE);
            Map<String, String> environment = new HashMap<>(options.environment());
            environment.put(MetricsFileFollower.ENVIRONMENT_VARIABLE, trainerMetrics.toString());
            environment.put(CONTROL_FILE_VARIABLE, controlFile.toString());
            environment.put("GPU_TRAINING_RUN_DIR", runDirectory.toString());
            // Python buffers a piped stdout in 8 KiB blocks: without this, progress would arrive minutes late.
            environment.putIfAbsent("PYTHONUNBUFFERED", "1");

            List<MetricsFileFollower> followers = new ArrayList<>();
            followers.add(new MetricsFileFollower(trainerMetrics, clock));
            if (options.metricsFile() != null) {
                followers.add(new MetricsFileFollower(workingDirectory.resolve(options.metricsFile()), clock));
            }
            ThroughputEstimator throughput = new ThroughputEstimator(options.batchSize());
            Metrics metrics = new Metrics(recorder, status,
                    options.format().reader(ProgressHints.of(options.batchSize(), options.command())), throughput,
                    trainerMetrics, options.metricsFile() != null, options.format().toString());
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
            if (telemetry.sampler() != null) {
                long interval = Math.max(100, options.sampleInterval().toMillis());
                scheduler.scheduleAtFixedRate(() -> sampleGpus(telemetry), 0, interval, TimeUnit.MILLISECONDS);
            }
            long[] lastHeartbeat = {clock.millis()};
            long started = clock.millis();
            scheduler.scheduleWithFixedDelay(() -> {
                for (MetricsFileFollower follower : followers) {
                    metrics.fromFile(follower.poll());
                }
                recordCheckpoints(checkpoints.scan(recorder.now()));
                long now = clock.millis();
                metrics.warnIfNoProgress(now - started, false);
                if (now - lastHeartbeat[0] >= HEARTBEAT_MILLIS) {
                    lastHeartbeat[0] = now;
                    recorder.heartbeat();
                    flush(outputLog);
                }
                status.tick(now);
            }, HOUSEKEEPING_MILLIS, HOUSEKEEPING_MILLIS, TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(() -> control(channel), 0, CONTROL_MILLIS, TimeUnit.MILLISECONDS);

            int exitCode;
            boolean cancelledWhilePaused = false;
            while (true) {
                Thread pump = pump(process, outputLog, metrics);
                exitCode = process.waitFor();
                pump.join(TimeUnit.SECONDS.toMillis(30));
                ControlRequest pause;
                synchronized (lock) {
                    boolean checkpointed = state == State.CHECKPOINTING && !cancelRequested
                            && (exitCode == 0 || exitCode == PauseSettings.CHECKPOINTED_EXIT_CODE);
                    pause = checkpointed ? checkpointPause : null;
                    state = checkpointed ? State.CHECKPOINTED : State.ENDING;
                }
                if (pause == null) {
                    break;
                }
                collect(followers, metrics, checkpoints);
                recorder.transition(RunStatus.PAUSED, LifecycleEvent.of(recorder.now(), LifecycleEvent.PAUSED,
                        "paused: the trainer checkpointed and exited (code " + exitCode + "); the GPU is free")
                        .with("mode", PauseMode.CHECKPOINT.jsonName()).with("request_id", pause.id())
                        .with("requested_by", pause.requestedBy()).with("exit_code", exitCode));
                status.message("paused (checkpoint): resume with `resume " + runDirectory + "`");
                ControlRequest resume = awaitResumeOrCancel();
                if (resume == null) {
                    cancelledWhilePaused = true;
                    break;
                }
                Checkpoint newest = newest(recorder.snapshot().checkpoints());
                String checkpointPath = newest == null ? null
                        : workingDirectory.resolve(newest.path()).normalize().toString();
                command = options.pause().resumeCommand(options.command(), checkpointPath);
                throughput.restartInterval();
                if (!start(command, workingDirectory, environment, resume)) {
                    exitCode = 127;
                    break;
                }
            }
            scheduler.shutdown();
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
            collect(followers, metrics, checkpoints);
            metrics.warnIfNoProgress(clock.millis() - started, true);

            RunStatus ending = cancelRequested || cancelledWhilePaused ? RunStatus.CANCELLED
                    : exitCode == 0 ? RunStatus.COMPLETED : RunStatus.FAILED;
            String signal = cancelledWhilePaused ? null : Signal.fromExitCode(exitCode);
            // A relaunch that could not start has already finished the run with its reason; this is then a no-op.
            String error = ending == RunStatus.FAILED ? "training command " + (signal == null
                    ? "exited with code " + exitCode : "was killed by " + signal) : null;
            recorder.finish(ending, exitCode, signal, error, cancelRequestId);
            flush(outputLog);
            telemetry.close();
            status.close();
            status.message("training " + ending.jsonName() + " (exit code " + exitCode + "); artifacts in "
                    + runDirectory);
            return new RunResult(runDirectory, ending, exitCode);
        }
    }

    /** Starts (or, with a resume request, restarts) the command; a failure to start fails the run. */
    private boolean start(final List<String> command, final Path workingDirectory,
                          final Map<String, String> environment, final ControlRequest resume) {
        try {
            Files.deleteIfExists(controlFile);
            process = TrainingProcess.start(command, workingDirectory, environment);
        }
        catch (IOException e) {
            status.message("ERROR: " + e.getMessage());
            recorder.finish(RunStatus.FAILED, null, null, e.getMessage(), resume == null ? null : resume.id());
            return false;
        }
        LifecycleEvent started = resume == null
                ? LifecycleEvent.of(recorder.now(), LifecycleEvent.STARTED, "training started")
                : LifecycleEvent.of(recorder.now(), LifecycleEvent.RESUMED, "resumed from the newest checkpoint")
                        .with("mode", PauseMode.CHECKPOINT.jsonName()).with("request_id", resume.id())
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
        synchronized (lock) {
            state = State.RUNNING;
        }
        if (cancelRequested) {
            cancel();
        }
        return true;
    }

    private ControlRequest awaitResumeOrCancel() throws InterruptedException {
        synchronized (lock) {
            while (checkpointResume == null && !cancelRequested) {
                lock.wait();
            }
            ControlRequest resume = cancelRequested ? null : checkpointResume;
            checkpointResume = null;
            return resume;
        }
    }

    private void collect(final List<MetricsFileFollower> followers, final Metrics metrics,
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

    private void control(final ControlChannel channel) {
        try {
            List<ControlOutcome> rejected = new ArrayList<>();
            for (ControlRequest request : channel.take(rejected)) {
                if (answered.add(request.id())) {
                    handle(request);
                }
            }
            for (ControlOutcome outcome : rejected) {
                refuse(outcome.requestId(), outcome.message());
            }
        }
        catch (RuntimeException e) {
            status.message("WARNING: control request failed: " + e.getMessage());
        }
    }

    private void handle(final ControlRequest request) {
        status.message(request.action().jsonName() + " requested by " + request.requestedBy());
        switch (request.action()) {
            case CANCEL -> {
                cancelRequestId = request.id();
                Thread stopper = new Thread(this::cancel, "training-cancel");
                stopper.setDaemon(true);
                stopper.start();
            }
            case PAUSE -> pause(request);
            case RESUME -> resume(request);
            default -> refuse(request.id(), "unknown action");
        }
    }

    private void pause(final ControlRequest request) {
        PauseMode mode = request.mode() != null ? request.mode() : options.pause().defaultMode();
        synchronized (lock) {
            if (state != State.RUNNING) {
                refuse(request.id(), "cannot pause: the run is " + describe(state));
                return;
            }
            if (mode == PauseMode.CHECKPOINT) {
                state = State.CHECKPOINTING;
                checkpointPause = request;
            }
        }
        if (mode == PauseMode.CHECKPOINT) {
            askForCheckpoint(request);
            return;
        }
        try {
            List<String> running = process.suspend(SIGNAL_TIMEOUT);
            if (!running.isEmpty()) {
                process.resume(SIGNAL_TIMEOUT);
                refuse(request.id(), "could not stop every process of the training (still running: "
                        + String.join(", ", running) + "); it goes on");
                return;
            }
            synchronized (lock) {
                state = State.SUSPENDED;
            }
            int processes = process.tree().pids().size();
            recorder.transition(RunStatus.PAUSED, LifecycleEvent.of(recorder.now(), LifecycleEvent.PAUSED,
                    "paused (suspend): " + processes + " processes stopped; GPU memory stays allocated, and "
                            + "multi-process NCCL jobs can time out while suspended")
                    .with("mode", PauseMode.SUSPEND.jsonName()).with("request_id", request.id())
                    .with("requested_by", request.requestedBy()).with("processes", processes));
            status.message("paused (suspend)");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void askForCheckpoint(final ControlRequest request) {
        try {
            Files.writeString(controlFile, "checkpoint\n");
        }
        catch (IOException e) {
            status.message("WARNING: cannot write " + controlFile + ": " + e.getMessage());
        }
        Signal signal = options.pause().checkpointSignal();
        if (signal != null && process.isAlive()) {
            process.signalRoot(signal);
        }
        recorder.event(LifecycleEvent.of(recorder.now(), LifecycleEvent.CHECKPOINT_REQUESTED,
                "asked the trainer to checkpoint and exit" + (signal == null ? "" : " (" + signal.name() + " and ")
                        + (signal == null ? " (control file)" : "control file)"))
                .with("requested_by", request.requestedBy()));
        status.message("asked the trainer to checkpoint and exit");
    }

    private void resume(final ControlRequest request) {
        synchronized (lock) {
            if (state == State.CHECKPOINTED) {
                checkpointResume = request;
                lock.notifyAll();
                return;
            }
            if (state != State.SUSPENDED) {
                refuse(request.id(), "cannot resume: the run is " + describe(state));
                return;
            }
        }
        try {
            List<String> stopped = process.resume(SIGNAL_TIMEOUT);
            if (!stopped.isEmpty()) {
                refuse(request.id(), "could not continue every process (still stopped: " + String.join(", ", stopped)
                        + ")");
                return;
            }
            synchronized (lock) {
                state = State.RUNNING;
            }
            recorder.transition(RunStatus.RUNNING, LifecycleEvent.of(recorder.now(), LifecycleEvent.RESUMED,
                    "resumed").with("mode", PauseMode.SUSPEND.jsonName()).with("request_id", request.id())
                    .with("requested_by", request.requestedBy()));
            status.message("resumed");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(final State state) {
        return switch (state) {
            case RUNNING -> "running";
            case SUSPENDED, CHECKPOINTED -> "paused";
            case CHECKPOINTING -> "being checkpointed for a pause";
            case ENDING -> "ending";
        };
    }

    private void refuse(final String requestId, final String message) {
        recorder.event(LifecycleEvent.of(recorder.now(), LifecycleEvent.ERROR, message).with("request_id", requestId));
        status.message("refused: " + message);
    }

    private Thread pump(final TrainingProcess training, final BufferedWriter outputLog, final Metrics metrics) {
        Thread pump = new Thread(() -> pump(training.output(), outputLog, status, metrics), "training-output");
        pump.setDaemon(true);
        pump.start();
        return pump;
    }

    private static void pump(final InputStream output, final BufferedWriter outputLog, final ConsoleStatus status,
                             final Metrics metrics) {
        ConsoleLineSplitter splitter = new ConsoleLineSplitter(line -> {
            try {
                outputLog.write(line.raw());
                outputLog.newLine();
            }
            catch (IOException e) {
                // The console still shows it; the recorder reports disk trouble on its own writes.
            }
            status.line(line.raw());
            metrics.fromConsole(line);
        }, metrics::fromFrame);
        byte[] buffer = new byte[16 * 1024];
        try {
            int read;
            while ((read = output.read(buffer)) >= 0) {
                splitter.accept(buffer, 0, read);
                // One console write and one metrics write per chunk read, not one per line: at 100,000 lines/s
                // that is most of the cost.
                metrics.flushConsole();
                status.flush();
            }
        }
        catch (IOException e) {
            // The stream closes when the process tree ends.
        }
        splitter.finish();
        metrics.endOfOutput();
        metrics.flushConsole();
        status.flush();
    }

    private static void flush(final BufferedWriter writer) {
        try {
            writer.flush();
        }
        catch (IOException e) {
            // Reported by the recorder's own writes to the same disk.
        }
    }

    private void sampleGpus(final Telemetry telemetry) {
        TrainingProcess running = process;
        Set<Long> pids = running == null ? Set.of() : running.tree().pids();
        try {
            List<TelemetrySample> samples = telemetry.sampler().sample(recorder.now(), pids::contains);
            recorder.telemetry(samples);
            recorder.telemetryStatus(telemetry.sampler().telemetryStatus());
            status.gpus(samples);
        }
        catch (RuntimeException e) {
            status.message("WARNING: GPU sampling failed: " + e.getMessage());
        }
    }

    private void recordCheckpoints(final List<Checkpoint> found) {
        for (Checkpoint checkpoint : found) {
            recorder.checkpoint(checkpoint);
            status.message("checkpoint " + checkpoint.path()
                    + (checkpoint.step() == null ? "" : " (step " + checkpoint.step() + ")"));
        }
    }

    /**
     * Where metric observations go. When progress comes from a metrics file (given with --metrics-file, or written
     * by the trainer to GPU_TRAINING_METRICS_FILE), that file is the source of truth and console lines add only what
     * it lacks (a final summary line without step or loss): otherwise every step would count twice. A run whose
     * output yields no progress says so at its first minute and at its end (docs/agent.md).
     */
    private static final class Metrics {
        private static final long NO_PROGRESS_WARNING_MILLIS = 60_000;

        private final RunRecorder recorder;
        private final ConsoleStatus status;
        private final ProgressReader reader;
        private final ThroughputEstimator throughput;
        private final Path trainerMetrics;
        private final String format;
        private volatile boolean fileActive;
        private final ConsoleBatch consoleBatch = new ConsoleBatch();
        private volatile long consoleLines;
        private volatile long progressRecords;
        private boolean warnedEarly;
        private double lastFileCheck = Double.NEGATIVE_INFINITY;

        Metrics(final RunRecorder recorder, final ConsoleStatus status, final ProgressReader reader,
                final ThroughputEstimator throughput, final Path trainerMetrics, final boolean metricsFileGiven,
                final String format) {
            this.recorder = recorder;
            this.status = status;
            this.reader = reader;
            this.throughput = throughput;
            this.trainerMetrics = trainerMetrics;
            this.fileActive = metricsFileGiven;
            this.format = format;
        }

        void fromConsole(final ConsoleLine line) {
            consoleLines++;
            reader.line(line.text(), recorder.now(), this::fromConsole);
        }

        /** A progress-bar frame a later frame overwrote: a record when it shows a new value. */
        void fromFrame(final ConsoleLine frame) {
            reader.frame(frame.text(), recorder.now(), this::fromConsole);
        }

        /** The output stream ended (the process exited or was relaunched): what the reader held back. */
        void endOfOutput() {
            reader.finish(recorder.now(), this::fromConsole);
        }

        private void fromConsole(final Observation observation) {
            boolean progress = observation.step() != null || observation.loss() != null;
            if (progress && !fileActive && fileMayExist(observation.time()) && Files.exists(trainerMetrics)) {
                fileActive = true;
            }
            if (!progress || !fileActive) {
                batch(observation);
            }
        }

        /** A console record, written with the others of its chunk of output ({@link #flushConsole()}). */
        private synchronized void batch(final Observation observation) {
            countProgress(observation);
            consoleBatch.add(observation);
        }

        /** Writes the records of the chunk of output just read. */
        synchronized void flushConsole() {
            if (consoleBatch.isEmpty()) {
                return;
            }
            List<MetricRecord> records = new ArrayList<>();
            for (Observation observation : consoleBatch.drain()) {
                records.add(MetricRecordMapper.toRecord(observation, throughput.next(observation)));
            }
            recorder.metrics(records);
            status.metric(records.get(records.size() - 1));
        }

        private void countProgress(final Observation observation) {
            if (observation.step() != null || observation.loss() != null) {
                progressRecords++;
            }
        }

        /** Looks for the trainer's metrics file at most once a second: console records may come by the thousand. */
        private boolean fileMayExist(final double time) {
            if (time - lastFileCheck < 1) {
                return false;
            }
            lastFileCheck = time;
            return true;
        }

        void fromFile(final List<Observation> observations) {
            if (!observations.isEmpty()) {
                fileActive = true;
            }
            observations.forEach(this::record);
        }

        private synchronized void record(final Observation observation) {
            countProgress(observation);
            MetricRecord record = MetricRecordMapper.toRecord(observation, throughput.next(observation));
            recorder.metric(record);
            status.metric(record);
        }

        /**
         * At the first minute and at the end: when no record with a step or a loss came from the output or a
         * metrics file, says so on the console and in events.jsonl, which the analytics turn into an alert.
         */
        synchronized void warnIfNoProgress(final long elapsedMillis, final boolean atEnd) {
            if (progressRecords > 0 || !atEnd && (warnedEarly || elapsedMillis < NO_PROGRESS_WARNING_MILLIS)) {
                return;
            }
            warnedEarly = true;
            String message = "no progress found in " + consoleLines + " lines of output"
                    + (atEnd ? "" : " in the first minute") + "; try --format regex:… (or hf, jsonl), "
                    + "--metrics-file, or write the file named in " + MetricsFileFollower.ENVIRONMENT_VARIABLE
                    + " (docs/metrics-protocol.md)";
            status.message("WARNING: " + message);
            recorder.event(LifecycleEvent.of(recorder.now(), LifecycleEvent.NO_PROGRESS, message)
                    .with("lines", consoleLines).with("format", format).with("at_end", atEnd));
        }
    }

    /** NVML, when there is a driver, and the GPUs chosen for this run. */
    private record Telemetry(NvmlSession session, GpuSampler sampler, List<GpuDevice> devices, TelemetryStatus status) {
        static Telemetry open(final RunOptions options, final ConsoleStatus console) {
            NvmlOpenResult opened = options.nvmlLibrary() == null ? Nvml.open()
                    : Nvml.open(List.of(options.nvmlLibrary()));
            if (opened instanceof NvmlOpenResult.Unavailable unavailable) {
                console.message("GPU telemetry unavailable: " + unavailable.reason() + "; training goes on");
                return new Telemetry(null, null, List.of(), unavailable.telemetryStatus());
            }
            NvmlSession session = ((NvmlOpenResult.Available) opened).session();
            Map<String, String> environment = new HashMap<>(System.getenv());
            environment.putAll(options.environment());
            GpuSelection selection;
            try {
                selection = GpuSelector.select(options.gpus(), environment, session.inventory(),
                        session::parentUuidOfMig);
            }
            catch (GpuSelectionException e) {
                session.close();
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            selection.warnings().forEach(warning -> console.message("WARNING: " + warning));
            console.message("GPUs: " + selection.describe());
            GpuSampler sampler = new GpuSampler(session, selection.devices());
            return new Telemetry(session, sampler, selection.devices(), sampler.telemetryStatus());
        }

        void close() {
            if (session != null) {
                session.close();
            }
        }
    }
}
