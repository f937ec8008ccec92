package io.jenkins.plugins.gputraining.runner.cli;

import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.runner.parse.OutputFormat;
import io.jenkins.plugins.gputraining.runner.process.Signal;
import io.jenkins.plugins.gputraining.runner.run.PauseSettings;
import io.jenkins.plugins.gputraining.runner.run.RunOptions;
import io.jenkins.plugins.gputraining.runner.run.RunResult;
import io.jenkins.plugins.gputraining.runner.run.RunSupervisor;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.index.RunIndex;
import io.jenkins.plugins.gputraining.model.index.RunIndexFile;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code run --out DIR [options] -- CMD…}: runs a training command and records its progress artifacts;
 * {@code run --attach DIR}: takes up a run whose agent is gone (docs/agent.md, "Attach and detach").
 */
@Command(name = "run", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs a training command under the agent: records its progress artifacts in --out, samples "
                + "the GPUs, and exits with the command's exit code.",
                "The command's output and the agent's status lines go to stderr; the run analytics (JSON) to stdout.",
                "With --attach, takes up a run whose agent is gone: goes on recording a training that still runs "
                        + "(started with --detach), or records how it ended."},
        footer = {"", "Examples:", "  java -jar gpu-training-agent.jar run --out runs/baseline -- python train.py --lr 3e-4",
                "  java -jar gpu-training-agent.jar run --detach --out runs/long -- python train.py",
                "  java -jar gpu-training-agent.jar run --attach runs/long"})
public final class RunCommand implements Callable<Integer> {
    /** Options that define a new run, and so do not go with --attach (the run's recorded ones apply). */
    private static final List<String> NEW_RUN_OPTIONS = List.of("--name", "--job-id", "--workdir", "--sample-interval",
            "--format", "--metrics-file", "--checkpoints", "--batch-size", "--gpus", "--status-interval",
            "--pause-mode", "--checkpoint-signal", "--resume-template", "--detach", "--nvml-library");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory to create.")
    private Path out;

    @Option(names = "--attach", paramLabel = "RUN_DIR",
            description = "Take up the run in RUN_DIR whose agent is gone, with the options it was started with.")
    private Path attach;

    @Option(names = "--wait",
            description = "With --attach: wait for an agent that still holds the run to let go (showing the "
                    + "training's output meanwhile), instead of failing.")
    private boolean waitForHolder;

    @Option(names = "--detach",
            description = "The training outlives this agent: if the agent dies, the training goes on and "
                    + "run --attach takes it up again. Without it, the training is stopped within about a second of "
                    + "the agent's death.")
    private boolean detach;

    @Option(names = "--name", paramLabel = "NAME", description = "Human-readable run name (default: the job id).")
    private String name;

    @Option(names = {"--run-id", "--job-id"}, paramLabel = "ID",
            description = "Run id, the progress format's job_id (default: the --out directory's name).")
    private String runId;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Working directory of the command (default: the current one).")
    private Path workdir;

    @Option(names = "--sample-interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "GPU sampling interval (default: ${DEFAULT-VALUE} s; NVML costs ~0.5 ms per query).")
    private double sampleInterval;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto", converter = FormatConverter.class,
            description = "How to read progress from the output: auto, hf, lightning, jsonl or regex:RE "
                    + "(named groups step, loss, samples_per_second, …). Default: ${DEFAULT-VALUE}.")
    private OutputFormat format;

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "A metrics file to follow as it grows: JSON lines, or CSV with a header (Lightning's metrics.csv).")
    private Path metricsFile;

    @Option(names = "--checkpoints", paramLabel = "GLOB",
            description = "Glob of checkpoints under the working directory (default: checkpoint-N directories and "
                    + "*.ckpt, *.safetensors, *.pt, *.pth files).")
    private String checkpoints;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Samples per optimizer step (across all workers), to derive throughput from steps.")
    private Integer batchSize;

    @Option(names = "--gpus", paramLabel = "LIST",
            description = "GPUs to sample: all, or indexes/UUIDs (default: CUDA_VISIBLE_DEVICES, then NVIDIA_VISIBLE_DEVICES, then all).")
    private String gpus;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "An environment variable for the command (repeatable).")
    private Map<String, String> environment = new LinkedHashMap<>();

    @Option(names = "--status-interval", paramLabel = "SECONDS", defaultValue = "30",
            description = "Seconds between status lines when stderr is not a terminal (default: ${DEFAULT-VALUE}).")
    private double statusInterval;

    @Option(names = "--pause-mode", paramLabel = "MODE", defaultValue = "suspend", converter = PauseModeConverter.class,
            description = "How a pause request that names no mode pauses: suspend (SIGSTOP the process tree; GPU memory "
                    + "stays allocated) or checkpoint (the trainer checkpoints and exits; resume relaunches it). "
                    + "Default: ${DEFAULT-VALUE}.")
    private PauseMode pauseMode;

    @Option(names = "--checkpoint-signal", paramLabel = "SIGNAL", defaultValue = "SIGUSR1",
            description = "Signal sent to the launched process to ask for a checkpoint-and-exit, or none to rely on "
                    + "the control file $GPU_TRAINING_CONTROL_FILE alone (default: ${DEFAULT-VALUE}).")
    private String checkpointSignal;

    @Option(names = "--resume-template", paramLabel = "ARGS",
            description = "Arguments appended to the command on a checkpoint-mode resume; {checkpoint} becomes the "
                    + "newest checkpoint's path. Example: '--resume_from_checkpoint {checkpoint}'.")
    private String resumeTemplate;

    @Option(names = "--nvml-library", paramLabel = "PATH", hidden = true, description = "Path of libnvidia-ml.")
    private String nvmlLibrary;

    @Parameters(arity = "0..*", paramLabel = "CMD", description = "The training command and its arguments (after --).")
    private List<String> command = List.of();

    @Override
    public Integer call() throws Exception {
        if (attach != null) {
            return attach();
        }
        if (out == null || command.isEmpty()) {
            System.err.println("run needs --out DIR and a command after --, or --attach RUN_DIR");
            return 2;
        }
        if (waitForHolder) {
            System.err.println("--wait goes with --attach only");
            return 2;
        }
        if (sampleInterval <= 0 || statusInterval <= 0) {
            System.err.println("--sample-interval and --status-interval must be positive");
            return 2;
        }
        Signal signal;
        try {
            signal = "none".equalsIgnoreCase(checkpointSignal) ? null : Signal.parse(checkpointSignal);
        }
        catch (IllegalArgumentException e) {
            System.err.println("--checkpoint-signal: " + e.getMessage());
            return 2;
        }
        Path runDirectory = out.toAbsolutePath().normalize();
        String id = runId != null ? runId : runDirectory.getFileName().toString();
        RunOptions options = new RunOptions(runDirectory, id, name != null ? name : id, command,
                workdir != null ? workdir : Path.of(""), environment,
                Duration.ofMillis(Math.round(sampleInterval * 1000)), format, metricsFile, checkpoints, batchSize,
                gpus, Duration.ofMillis(Math.round(statusInterval * 1000)), nvmlLibrary,
                new PauseSettings(pauseMode, signal, resumeTemplate), detach);
        return supervise(new RunSupervisor(options, System.err, System.console() != null, Clock.systemUTC()));
    }

    private int attach() throws InterruptedException {
        if (out != null || !command.isEmpty()) {
            System.err.println("--attach takes up an existing run: give neither --out nor a command");
            return 2;
        }
        List<String> given = NEW_RUN_OPTIONS.stream()
                .filter(option -> spec.commandLine().getParseResult().hasMatchedOption(option)).toList();
        if (!given.isEmpty()) {
            System.err.println("--attach uses the options the run was started with; drop " + String.join(", ", given));
            return 2;
        }
        RunSupervisor run;
        try {
            run = RunSupervisor.attaching(attach, environment, System.err, System.console() != null,
                    Clock.systemUTC());
        }
        catch (IOException | IllegalArgumentException e) {
            System.err.println("[gpu-training] " + e.getMessage());
            return 2;
        }
        return supervise(run);
    }

    /** Runs (or attaches), stops the training on SIGINT/SIGTERM, and prints the analytics. */
    private int supervise(final RunSupervisor run) throws InterruptedException {
        Thread stopper = new Thread(() -> {
            run.cancel();
            try {
                run.awaitFinished(Duration.ofSeconds(30));
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gpu-training-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        RunResult result;
        try {
            result = run.execute(waitForHolder);
        }
        catch (IOException | IllegalArgumentException e) {
            System.err.println("[gpu-training] " + e.getMessage());
            return 2;
        }
        finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            }
            catch (IllegalStateException e) {
                // Already shutting down: the hook is finishing the run.
            }
        }
        try {
            // A finished run's index, stored as the run closed, holds its analytics: its files are not read again.
            RunDirectory directory = RunDirectory.at(result.runDirectory());
            RunAnalyzer analyzer = new RunAnalyzer();
            System.out.println(AnalyticsJson.toPrettyJson(RunIndexFile.read(directory, analyzer.thresholds())
                    .map(RunIndex::analytics).orElseGet(() -> analyzer.analyze(directory))));
        }
        catch (RuntimeException e) {
            System.err.println("[gpu-training] cannot print the run's analytics: " + e.getMessage());
        }
        return result.exitCode();
    }

    /** Converts {@code --pause-mode} values. */
    static final class PauseModeConverter implements ITypeConverter<PauseMode> {
        @Override
        public PauseMode convert(final String value) {
            try {
                return PauseMode.parse(value);
            }
            catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Converts {@code --format} values, with the parser's own message on a bad one. */
    static final class FormatConverter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(final String value) {
            try {
                return OutputFormat.parse(value);
            }
            catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
