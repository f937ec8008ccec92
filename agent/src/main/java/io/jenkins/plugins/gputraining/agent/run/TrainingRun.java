package io.jenkins.plugins.gputraining.agent.run;

import io.jenkins.plugins.gputraining.agent.nvml.GpuSampler;
import io.jenkins.plugins.gputraining.agent.nvml.GpuSelection;
import io.jenkins.plugins.gputraining.agent.nvml.GpuSelectionException;
import io.jenkins.plugins.gputraining.agent.nvml.GpuSelector;
import io.jenkins.plugins.gputraining.agent.nvml.Nvml;
import io.jenkins.plugins.gputraining.agent.nvml.NvmlOpenResult;
import io.jenkins.plugins.gputraining.agent.nvml.NvmlSession;
import io.jenkins.plugins.gputraining.agent.parse.ConsoleLine;
import io.jenkins.plugins.gputraining.agent.parse.ConsoleLineSplitter;
import io.jenkins.plugins.gputraining.agent.parse.MetricRecordMapper;
import io.jenkins.plugins.gputraining.agent.parse.MetricsFileFollower;
import io.jenkins.plugins.gputraining.agent.parse.Observation;
import io.jenkins.plugins.gputraining.agent.parse.ProgressParser;
import io.jenkins.plugins.gputraining.agent.parse.ThroughputEstimator;
import io.jenkins.plugins.gputraining.agent.process.Signal;
import io.jenkins.plugins.gputraining.agent.process.TrainingProcess;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one training command under the agent: launches it as its own process tree, tees and parses its output,
 * follows its metrics files, samples its GPUs, watches for checkpoints, and keeps the run directory current until
 * it ends. {@link #cancel()} (the agent's SIGINT/SIGTERM) stops the whole tree and still finalises the artifacts.
 */
public final class TrainingRun {
    /** The file the agent names in {@code GPU_TRAINING_METRICS_FILE} for the trainer to write JSON lines to. */
    public static final String TRAINER_METRICS_FILE = "trainer-metrics.jsonl";
    /** How long a cancelled training gets between SIGTERM and SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private static final long HOUSEKEEPING_MILLIS = 1000;
    private static final long HEARTBEAT_MILLIS = 2000;

    private final RunOptions options;
    private final PrintStream console;
    private final boolean terminal;
    private final Clock clock;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean cancelRequested;
    private volatile TrainingProcess process;

    public TrainingRun(final RunOptions options, final PrintStream console, final boolean terminal, final Clock clock) {
        this.options = options;
        this.console = console;
        this.terminal = terminal;
        this.clock = clock;
    }

    /**
     * Runs the command to its end.
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

    /** Asks a running training to stop (whole tree, SIGTERM then SIGKILL); {@link #execute()} then finishes it. */
    public void cancel() {
        cancelRequested = true;
        TrainingProcess running = process;
        if (running != null) {
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
        if (Files.exists(runDirectory.resolve(ProgressFormat.PROGRESS_FILE))) {
            throw new IOException(runDirectory + " already holds a run; give --out a new directory");
        }
        Files.createDirectories(runDirectory);
        Path workingDirectory = options.workingDirectory().toAbsolutePath().normalize();
        ConsoleStatus status = new ConsoleStatus(console, terminal, options.statusInterval().toMillis(),
                clock.millis());

        Telemetry telemetry = Telemetry.open(options, status);
        ProgressSnapshot first = ProgressSnapshot.start(options.jobId(), options.name(), clock.instant())
                .command(options.command())
                .workingDirectory(workingDirectory.toString())
                .gpus(telemetry.devices())
                .telemetry(telemetry.status())
                .build();
        try (RunRecorder recorder = new RunRecorder(runDirectory, first, clock, console);
             BufferedWriter outputLog = Files.newBufferedWriter(runDirectory.resolve(ProgressFormat.OUTPUT_FILE),
                     StandardCharsets.UTF_8)) {
            status.message("run " + options.jobId() + ": " + String.join(" ", options.command()));
            status.message("progress artifacts: " + runDirectory);
            Path trainerMetrics = runDirectory.resolve(TRAINER_METRICS_FILE);
            Map<String, String> environment = new HashMap<>(options.environment());
            environment.put(MetricsFileFollower.ENVIRONMENT_VARIABLE, trainerMetrics.toString());
            environment.put("GPU_TRAINING_RUN_DIR", runDirectory.toString());
            // Python buffers a piped stdout in 8 KiB blocks: without this, progress would arrive minutes late.
            environment.putIfAbsent("PYTHONUNBUFFERED", "1");

            List<MetricsFileFollower> followers = new ArrayList<>();
            followers.add(new MetricsFileFollower(trainerMetrics, clock));
            if (options.metricsFile() != null) {
                followers.add(new MetricsFileFollower(workingDirectory.resolve(options.metricsFile()), clock));
            }
            Metrics metrics = new Metrics(recorder, status, options.format().parser(),
                    new ThroughputEstimator(options.batchSize()), trainerMetrics, options.metricsFile() != null);
            CheckpointScanner checkpoints = new CheckpointScanner(workingDirectory, runDirectory,
                    options.checkpointGlob());

            try {
                process = TrainingProcess.start(options.command(), workingDirectory, environment);
            }
            catch (IOException e) {
                status.message("ERROR: " + e.getMessage());
                recorder.finish(RunStatus.FAILED, null, null, e.getMessage());
                telemetry.close();
                return new RunResult(runDirectory, RunStatus.FAILED, 127);
            }
            recorder.event(LifecycleEvent.of(recorder.now(), LifecycleEvent.STARTED, "training started")
                    .with("pid", process.pid()).with("own_process_group", process.ownGroup())
                    .with("command", options.command()));
            if (cancelRequested) {
                cancel();
            }

            Thread pump = new Thread(() -> pump(process.output(), outputLog, status, metrics), "training-output");
            pump.setDaemon(true);
            pump.start();

            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "training-monitor");
                thread.setDaemon(true);
                return thread;
            });
            long[] lastHeartbeat = {clock.millis()};
            if (telemetry.sampler() != null) {
                long interval = Math.max(100, options.sampleInterval().toMillis());
                scheduler.scheduleAtFixedRate(() -> sampleGpus(telemetry, recorder, status), 0, interval,
                        TimeUnit.MILLISECONDS);
            }
            scheduler.scheduleWithFixedDelay(() -> {
                for (MetricsFileFollower follower : followers) {
                    metrics.fromFile(follower.poll());
                }
                recordCheckpoints(checkpoints.scan(recorder.now()), recorder, status);
                long now = clock.millis();
                if (now - lastHeartbeat[0] >= HEARTBEAT_MILLIS) {
                    lastHeartbeat[0] = now;
                    recorder.heartbeat();
                    flush(outputLog);
                }
                status.tick(now);
            }, HOUSEKEEPING_MILLIS, HOUSEKEEPING_MILLIS, TimeUnit.MILLISECONDS);

            int exitCode = process.waitFor();
            pump.join(TimeUnit.SECONDS.toMillis(30));
            scheduler.shutdown();
            scheduler.awaitTermination(30, TimeUnit.SECONDS);

            for (MetricsFileFollower follower : followers) {
                metrics.fromFile(follower.drain());
                follower.lastProblem().ifPresent(problem -> status.message("WARNING: " + follower.file() + ": "
                        + problem));
            }
            // A checkpoint counts once its size held between two scans: scan twice now that nothing writes.
            checkpoints.scan(recorder.now());
            recordCheckpoints(checkpoints.scan(recorder.now()), recorder, status);

            RunStatus ending = cancelRequested ? RunStatus.CANCELLED
                    : exitCode == 0 ? RunStatus.COMPLETED : RunStatus.FAILED;
            String signal = Signal.fromExitCode(exitCode);
            String error = ending == RunStatus.FAILED ? "training command " + (signal == null
                    ? "exited with code " + exitCode : "was killed by " + signal) : null;
            recorder.finish(ending, exitCode, signal, error);
            flush(outputLog);
            telemetry.close();
            status.close();
            status.message("training " + ending.jsonName() + " (exit code " + exitCode + "); artifacts in "
                    + runDirectory);
            return new RunResult(runDirectory, ending, exitCode);
        }
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
        });
        byte[] buffer = new byte[16 * 1024];
        try {
            int read;
            while ((read = output.read(buffer)) >= 0) {
                splitter.accept(buffer, 0, read);
            }
        }
        catch (IOException e) {
            // The stream closes when the process tree ends.
        }
        splitter.finish();
    }

    private static void flush(final BufferedWriter writer) {
        try {
            synchronized (writer) {
                writer.flush();
            }
        }
        catch (IOException e) {
            // Reported by the recorder's own writes to the same disk.
        }
    }

    private void sampleGpus(final Telemetry telemetry, final RunRecorder recorder, final ConsoleStatus status) {
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

    private static void recordCheckpoints(final List<Checkpoint> found, final RunRecorder recorder,
                                          final ConsoleStatus status) {
        for (Checkpoint checkpoint : found) {
            recorder.checkpoint(checkpoint);
            status.message("checkpoint " + checkpoint.path()
                    + (checkpoint.step() == null ? "" : " (step " + checkpoint.step() + ")"));
        }
    }

    /**
     * Where metric observations go. When progress comes from a metrics file (given with --metrics-file, or written
     * by the trainer to GPU_TRAINING_METRICS_FILE), that file is the source of truth and console lines add only what
     * it lacks (a final summary line without step or loss): otherwise every step would count twice.
     */
    private static final class Metrics {
        private final RunRecorder recorder;
        private final ConsoleStatus status;
        private final ProgressParser parser;
        private final ThroughputEstimator throughput;
        private final Path trainerMetrics;
        private volatile boolean fileActive;

        Metrics(final RunRecorder recorder, final ConsoleStatus status, final ProgressParser parser,
                final ThroughputEstimator throughput, final Path trainerMetrics, final boolean metricsFileGiven) {
            this.recorder = recorder;
            this.status = status;
            this.parser = parser;
            this.throughput = throughput;
            this.trainerMetrics = trainerMetrics;
            this.fileActive = metricsFileGiven;
        }

        void fromConsole(final ConsoleLine line) {
            parser.parse(line.text(), recorder.now()).ifPresent(observation -> {
                boolean progress = observation.step() != null || observation.loss() != null;
                if (progress && !fileActive && Files.exists(trainerMetrics)) {
                    fileActive = true;
                }
                if (!progress || !fileActive) {
                    record(observation);
                }
            });
        }

        void fromFile(final List<Observation> observations) {
            if (!observations.isEmpty()) {
                fileActive = true;
            }
            observations.forEach(this::record);
        }

        private synchronized void record(final Observation observation) {
            MetricRecord record = MetricRecordMapper.toRecord(observation, throughput.next(observation));
            recorder.metric(record);
            status.metric(record);
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
