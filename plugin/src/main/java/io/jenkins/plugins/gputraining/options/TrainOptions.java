package io.jenkins.plugins.gputraining.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The validated options of {@code trainOnGpu}, and the agent command line they make. Validation happens when the
 * record is built, so a pipeline with a bad argument fails before anything runs, with a message naming the
 * argument.
 *
 * @param command the training command, run by {@code sh -c} on the node
 * @param name the run's name (shown on pages), or {@code null}
 * @param runDir the run directory relative to the workspace, or {@code null} for the default
 * @param format the agent's {@code --format}, or {@code null}
 * @param metricsFile a metrics file to follow, or {@code null}
 * @param checkpoints a checkpoint glob, or {@code null}
 * @param batchSize samples per step, or {@code null}
 * @param gpus GPUs to sample, or {@code null}
 * @param pauseMode suspend or checkpoint, or {@code null}
 * @param resumeTemplate arguments appended on a checkpoint-mode resume, or {@code null}
 * @param sampleInterval seconds between GPU samples, or {@code null}
 * @param statusInterval seconds between console status lines, or {@code null}
 */
public record TrainOptions(String command, String name, String runDir, String format, String metricsFile,
                           String checkpoints, Integer batchSize, String gpus, String pauseMode,
                           String resumeTemplate, Double sampleInterval, Double statusInterval) {
    /** Where a run directory goes when {@code runDir} is not given: {@code <this>/<build>/<run id>}. */
    public static final String DEFAULT_RUNS_FOLDER = "gpu-training-runs";
    /** {@code $0} of the {@code sh -c} script. */
    static final String SCRIPT_NAME = "gpu-training";

    public TrainOptions {
        command = Arguments.text(command, "command", 100_000, true);
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("trainOnGpu needs a command, e.g. trainOnGpu(command: 'python train.py')");
        }
        name = Arguments.text(Arguments.trimToNull(name), "name", 200, false);
        runDir = runDir == null || runDir.isBlank() ? null : Arguments.relativePath(runDir, "runDir");
        format = Arguments.format(format);
        metricsFile = Arguments.text(Arguments.trimToNull(metricsFile), "metricsFile", 1000, false);
        checkpoints = Arguments.text(Arguments.trimToNull(checkpoints), "checkpoints", 1000, false);
        batchSize = Arguments.positive(batchSize, "batchSize");
        gpus = Arguments.gpus(gpus);
        pauseMode = Arguments.pauseMode(pauseMode);
        resumeTemplate = Arguments.text(Arguments.trimToNull(resumeTemplate), "resumeTemplate", 1000, false);
        sampleInterval = Arguments.seconds(sampleInterval, "sampleInterval", 0.1, 3600);
        statusInterval = Arguments.seconds(statusInterval, "statusInterval", 1, 86_400);
    }

    /** The run's id within its build, from its name. */
    public String runId() {
        return Arguments.runId(name);
    }

    /** The run directory relative to the workspace: {@code runDir}, or {@code gpu-training-runs/<build>/<runId>}. */
    public String runDirectory(final int buildNumber, final String runId) {
        return runDir != null ? runDir : DEFAULT_RUNS_FOLDER + "/" + buildNumber + "/" + runId;
    }

    /**
     * The shell script {@code sh -c} runs: the command, with {@code "$@"} appended to its last line when a resume
     * template is set, so that the arguments the agent appends on a checkpoint-mode resume reach the command.
     */
    public String script() {
        if (resumeTemplate == null) {
            return command;
        }
        return command.stripTrailing() + " \"$@\"";
    }

    /**
     * The agent's arguments after {@code java -jar gpu-training-runner.jar}. The training is detached from the agent
     * ({@code --detach}): it outlives an agent that dies with the Jenkins agent, and {@link #attachArguments} takes it
     * up after a restart (docs/pipeline.md).
     *
     * @param runDirectory the run directory's absolute path on the node
     * @param workingDirectory the command's working directory (the workspace) on the node
     * @param runId the run's job id
     */
    public List<String> agentArguments(final String runDirectory, final String workingDirectory, final String runId) {
        Objects.requireNonNull(runDirectory, "runDirectory");
        List<String> args = new ArrayList<>();
        args.add("run");
        args.add("--detach");
        args.add("--out");
        args.add(runDirectory);
        args.add("--workdir");
        args.add(workingDirectory);
        args.add("--run-id");
        args.add(runId);
        add(args, "--name", name);
        add(args, "--format", format);
        add(args, "--metrics-file", metricsFile);
        add(args, "--checkpoints", checkpoints);
        add(args, "--batch-size", batchSize == null ? null : batchSize.toString());
        add(args, "--gpus", gpus);
        add(args, "--pause-mode", pauseMode);
        add(args, "--resume-template", resumeTemplate);
        add(args, "--sample-interval", sampleInterval == null ? null : sampleInterval.toString());
        add(args, "--status-interval", statusInterval == null ? null : statusInterval.toString());
        args.add("--");
        args.add("sh");
        args.add("-c");
        args.add(script());
        args.add(SCRIPT_NAME);
        return List.copyOf(args);
    }

    /**
     * The agent's arguments that take up a run after a restart: waiting for an agent that still records it (only the
     * controller restarted), or going on where a dead one stopped (docs/agent.md, "Attach and detach").
     *
     * @param runDirectory the run directory's absolute path on the node
     */
    public static List<String> attachArguments(final String runDirectory) {
        Objects.requireNonNull(runDirectory, "runDirectory");
        return List.of("run", "--attach", runDirectory, "--wait");
    }

    /** A job id for the agent: {@code build-<number>-<runId>}. */
    public static String runId(final int buildNumber, final String runId) {
        String id = "build-" + buildNumber + "-" + runId;
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    private static void add(final List<String> args, final String option, final String value) {
        if (value != null) {
            args.add(option);
            args.add(value);
        }
    }
}
