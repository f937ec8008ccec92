package io.jenkins.plugins.gputraining.agent.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The demo's training workload: a real, small CPU training run the agent can launch, watch, pause, checkpoint and
 * resume like any training script.
 *
 * <pre>
 * java -cp gpu-training-agent.jar io.jenkins.plugins.gputraining.agent.demo.DemoTrainer [options]
 * </pre>
 *
 * <p>It trains a two-layer perceptron ({@code 2 → hidden tanh → 3 softmax}, see {@link Mlp}) on three interleaved
 * spirals ({@link SpiralDataset}) with mini-batch SGD with momentum: forward pass, cross-entropy, backpropagation
 * and the update written out by hand. With the defaults the loss falls from about 1.1 (ln 3) through a plateau
 * near 0.85 to about 0.2 in 600 steps while accuracy rises from ~0.5 to ~0.95; each step sleeps
 * {@code --step-delay-ms} (20 ms) so a person can watch the run live (about 12 s).
 *
 * <h2>Progress</h2>
 * Every {@code --log-every} steps (and at the last step, and before a checkpoint-and-exit) it prints a human line,
 * {@code step 120/600  epoch 0.94  loss 0.8123  acc 0.71  lr 0.05  2345 samples/s}, and, where the environment
 * variable {@value #METRICS_FILE_ENV} (or {@code --metrics-file}) names a file, appends one JSON object per event to
 * it: {@code step}, {@code epoch}, {@code loss} (mean training loss of the steps since the previous event),
 * {@code learning_rate}, {@code samples} (cumulative, across resumes), {@code samples_per_second} (over the same
 * steps, sleeps included), {@code accuracy} (on the whole training set) and {@code time} (epoch seconds). A
 * completed run ends with a HuggingFace-style summary dict line,
 * {@code {'train_runtime': 12.3, 'train_samples_per_second': 1561.2, 'train_steps_per_second': 48.8,
 * 'train_loss': 0.43, 'epoch': 4.69}}.
 *
 * <h2>Checkpoints</h2>
 * Every {@code --checkpoint-every} steps and at the end it writes {@code <output-dir>/checkpoint-<step>/}
 * ({@code model.bin}, {@code trainer_state.json}; see {@link MlpCheckpoint}) atomically through
 * {@code checkpoint-<step>.tmp}, and prints {@code saved checkpoint <absolute path>}.
 * {@code --resume_from_checkpoint PATH} continues from one: weights, momentum, step and sample counters; the data
 * order is a function of the cumulative sample index, so a resumed run takes exactly the steps the uninterrupted run
 * would have taken.
 *
 * <h2>Checkpoint-and-exit on request</h2>
 * On {@code SIGUSR1} ({@code --checkpoint-signal}), or when the control file named by {@value #CONTROL_FILE_ENV}
 * (or {@code --control-file}) contains {@code checkpoint}, the trainer finishes the current step, writes a
 * checkpoint, deletes the control file, prints {@code checkpointed at step N on request; exiting} and exits with
 * {@value #EXIT_CHECKPOINTED}. {@code SIGTERM} and {@code SIGINT} keep the JVM's default: exit, no checkpoint.
 *
 * <h2>Exit codes</h2>
 * <ul>
 * <li>{@value #EXIT_COMPLETED}: the run completed all {@code --steps} (or the checkpoint had already reached them)</li>
 * <li>{@value #EXIT_ERROR}: an I/O error (output directory not writable, …) or a diverged loss</li>
 * <li>{@value #EXIT_USAGE}: bad options, or a resume checkpoint that is missing or corrupt (the message names the
 * path and the reason)</li>
 * <li>{@value #EXIT_FAILED}: the simulated crash of {@code --fail-at-step}</li>
 * <li>{@value #EXIT_CHECKPOINTED} ({@code EX_TEMPFAIL}): checkpointed on request and exited; resume to go on</li>
 * </ul>
 */
@Command(name = "DemoTrainer", sortOptions = false, usageHelpAutoWidth = true,
        description = "Trains a small MLP on generated spirals: a real training workload for the demo.",
        footer = {"", "Exit codes: 0 completed; 1 I/O error; 2 bad options or checkpoint;",
            "3 the --fail-at-step crash; 75 checkpointed on request (signal or control file)."})
public final class DemoTrainer implements Callable<Integer> {
    public static final int EXIT_COMPLETED = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_FAILED = 3;
    /** {@code EX_TEMPFAIL} of {@code sysexits.h}: checkpointed on request, to be resumed. */
    public static final int EXIT_CHECKPOINTED = 75;
    public static final String METRICS_FILE_ENV = "GPU_TRAINING_METRICS_FILE";
    public static final String CONTROL_FILE_ENV = "GPU_TRAINING_CONTROL_FILE";
    /** How many log dicts {@code trainer_state.json} keeps. */
    static final int LOG_HISTORY_LIMIT = 20;

    /** The learning-rate schedule. */
    enum Schedule {
        CONSTANT, LINEAR;

        double at(final double base, final long step, final long steps) {
            return this == CONSTANT ? base : base * Math.max(0, 1 - (double) (step - 1) / steps);
        }
    }

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "600", description = "Optimizer steps in all (default: ${DEFAULT-VALUE}).")
    private long steps;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "32", description = "Samples per step (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--lr", paramLabel = "F", defaultValue = "0.05", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    private double learningRate;

    @Option(names = "--lr-schedule", paramLabel = "S", defaultValue = "constant",
            description = "constant or linear (decay to 0 at --steps, HuggingFace's default) (default: ${DEFAULT-VALUE}).")
    private Schedule schedule;

    @Option(names = "--momentum", paramLabel = "F", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    private double momentum;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "32", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    private int hidden;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "Seed of the data set, the weights and the data order (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "4096", description = "Data set size (default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--log-every", paramLabel = "K", defaultValue = "10", description = "Steps between log events; 0: only at the end (default: ${DEFAULT-VALUE}).")
    private long logEvery;

    @Option(names = "--checkpoint-every", paramLabel = "K", defaultValue = "100", description = "Steps between checkpoints; 0: only at the end (default: ${DEFAULT-VALUE}).")
    private long checkpointEvery;

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "checkpoints", description = "Where checkpoint-<step>/ directories go (default: ${DEFAULT-VALUE}).")
    private Path outputDir;

    @Option(names = {"--resume_from_checkpoint", "--resume-from-checkpoint"}, paramLabel = "PATH",
            description = "Continue from a checkpoint directory (or an output directory: its newest checkpoint).")
    private Path resumeFrom;

    @Option(names = "--step-delay-ms", paramLabel = "MS", defaultValue = "20", description = "Sleep after each step, to watch a run live (default: ${DEFAULT-VALUE}).")
    private long stepDelayMs;

    @Option(names = "--fail-at-step", paramLabel = "N", description = "Crash with exit code 3 at step N (to demo a failure).")
    private Long failAtStep;

    @Option(names = "--checkpoint-signal", paramLabel = "SIG", defaultValue = "USR1",
            description = "Signal that asks for checkpoint-and-exit; 'none' to not trap one (default: ${DEFAULT-VALUE}).")
    private String checkpointSignal;

    @Option(names = "--metrics-file", paramLabel = "FILE", description = "JSON-lines metrics file (default: $" + METRICS_FILE_ENV + ").")
    private Path metricsFile;

    @Option(names = "--control-file", paramLabel = "FILE", description = "Control file polled each step (default: $" + CONTROL_FILE_ENV + ").")
    private Path controlFile;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;
    /** Writes BigDecimals plainly (epoch seconds as 1795816191.194, not 1.795816191194E9) and reads them back so. */
    private final ObjectMapper json = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private DemoTrainer(final Map<String, String> environment, final PrintStream out, final PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(final String... args) {
        System.exit(run(args));
    }

    /** Runs the trainer with this process's environment and standard streams; returns the exit code. */
    public static int run(final String... args) {
        return run(System.getenv(), System.out, System.err, args);
    }

    /**
     * Runs the trainer in this JVM without exiting it.
     *
     * @param environment where {@value #METRICS_FILE_ENV} and {@value #CONTROL_FILE_ENV} are looked up
     * @return the exit code (see the class comment)
     */
    public static int run(final Map<String, String> environment, final PrintStream out, final PrintStream err,
            final String... args) {
        DemoTrainer trainer = new DemoTrainer(environment, out, err);
        CommandLine commandLine = new CommandLine(trainer).setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        validate();
        Path metrics = metricsFile != null ? metricsFile : pathFromEnvironment(METRICS_FILE_ENV);
        Path control = controlFile != null ? controlFile : pathFromEnvironment(CONTROL_FILE_ENV);
        MlpCheckpoint.Loaded resumed = null;
        if (resumeFrom != null) {
            try {
                resumed = MlpCheckpoint.load(MlpCheckpoint.resolve(resumeFrom), json);
            }
            catch (MlpCheckpointException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
        }
        TrainingRequests requests = new TrainingRequests(control);
        SignalTrap trap = installSignal(requests);
        try (OutputStream metricsOut = metrics == null ? null : openAppend(metrics)) {
            return new Run(resumed, requests, metricsOut).train();
        }
        catch (IOException e) {
            err.println("error: " + e);
            err.flush();
            return EXIT_ERROR;
        }
        finally {
            if (trap != null) {
                trap.close();
            }
        }
    }

    private void validate() {
        CommandLine commandLine = spec.commandLine();
        require(steps >= 1, "--steps must be at least 1, got " + steps, commandLine);
        require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize, commandLine);
        require(learningRate > 0 && Double.isFinite(learningRate), "--lr must be positive, got " + learningRate,
                commandLine);
        require(momentum >= 0 && momentum < 1, "--momentum must be in [0, 1), got " + momentum, commandLine);
        require(hidden >= 1 && hidden <= 4096, "--hidden must be in 1..4096, got " + hidden, commandLine);
        require(samples >= SpiralDataset.CLASSES, "--samples must be at least 3, got " + samples, commandLine);
        require(logEvery >= 0, "--log-every must not be negative", commandLine);
        require(checkpointEvery >= 0, "--checkpoint-every must not be negative", commandLine);
        require(stepDelayMs >= 0, "--step-delay-ms must not be negative", commandLine);
    }

    private static void require(final boolean condition, final String message, final CommandLine commandLine) {
        if (!condition) {
            throw new ParameterException(commandLine, message);
        }
    }

    private Path pathFromEnvironment(final String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static OutputStream openAppend(final Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new FileOutputStream(file.toFile(), true);
    }

    private SignalTrap installSignal(final TrainingRequests requests) {
        if (checkpointSignal == null || checkpointSignal.isBlank()
                || checkpointSignal.strip().equalsIgnoreCase("none")) {
            return null;
        }
        String name = "SIG" + SignalTrap.normalize(checkpointSignal);
        StringBuilder why = new StringBuilder();
        SignalTrap trap;
        try {
            trap = SignalTrap.install(checkpointSignal, () -> requests.requestCheckpoint(name), why);
        }
        catch (LinkageError e) {
            trap = null;
            why.append("sun.misc.Signal is not available: ").append(e);
        }
        if (trap == null) {
            err.println("warning: cannot trap " + name + " (" + why + "); the control file still works");
            err.flush();
        }
        return trap;
    }

    /** One invocation's training loop and its bookkeeping. */
    private final class Run {
        private final SpiralDataset dataset;
        private final Mlp model;
        private final TrainingRequests requests;
        private final OutputStream metricsOut;
        private final Deque<ObjectNode> logHistory = new ArrayDeque<>();
        private final double[] batchStats = new double[2];
        private final int[] batch;
        private long step;
        private long sampleCount;
        private double bestLoss = Double.NaN;
        private double intervalLoss;
        private long intervalSteps;
        private long intervalSamples;
        private long intervalStart;
        private double runLoss;
        private long runSteps;
        private long savedStep = -1;

        Run(final MlpCheckpoint.Loaded resumed, final TrainingRequests requests, final OutputStream metricsOut) {
            this.requests = requests;
            this.metricsOut = metricsOut;
            this.batch = new int[batchSize];
            if (resumed == null) {
                dataset = new SpiralDataset(samples, seed);
                model = new Mlp(SpiralDataset.INPUTS, hidden, SpiralDataset.CLASSES);
                model.initialize(seed);
                out.printf(Locale.ROOT, "DemoTrainer: %d-class spirals, %d samples, MLP %d-%d-%d (tanh, softmax), "
                        + "SGD lr %s (%s) momentum %s, batch %d, %d steps%n", SpiralDataset.CLASSES, samples,
                        SpiralDataset.INPUTS, hidden, SpiralDataset.CLASSES, learningRate,
                        schedule.name().toLowerCase(Locale.ROOT), momentum, batchSize, steps);
            }
            else {
                MlpCheckpoint.ModelState state = resumed.model();
                noteOverride("--hidden", hidden, state.hidden());
                noteOverride("--seed", seed, state.seed());
                noteOverride("--samples", samples, state.datasetSize());
                dataset = new SpiralDataset(state.datasetSize(), state.seed());
                model = new Mlp(state.inputs(), state.hidden(), state.classes());
                System.arraycopy(state.parameters(), 0, model.parameters(), 0, state.parameters().length);
                System.arraycopy(state.velocity(), 0, model.velocity(), 0, state.velocity().length);
                step = state.step();
                sampleCount = state.samples();
                resumed.trainerState().ifPresent(this::restoreHistory);
                out.printf(Locale.ROOT, "resumed from checkpoint %s at step %d (epoch %.2f, %d samples seen); "
                        + "training to step %d%n", resumed.directory().toAbsolutePath().normalize(), step, epoch(),
                        sampleCount, steps);
            }
            out.flush();
        }

        private void noteOverride(final String option, final long given, final long fromCheckpoint) {
            if (given != fromCheckpoint) {
                out.printf(Locale.ROOT, "note: %s %d ignored: the checkpoint's model was trained with %d%n", option,
                        given, fromCheckpoint);
            }
        }

        private void restoreHistory(final JsonNode state) {
            JsonNode best = state.get("best_metric");
            if (best != null && best.isNumber()) {
                bestLoss = best.asDouble();
            }
            JsonNode history = state.get("log_history");
            if (history != null && history.isArray()) {
                for (JsonNode entry : history) {
                    if (entry instanceof ObjectNode record) {
                        remember(record);
                    }
                }
            }
        }

        int train() throws IOException {
            if (step >= steps) {
                out.printf(Locale.ROOT, "checkpoint step %d already reaches --steps %d; nothing to train%n", step,
                        steps);
                out.flush();
                return EXIT_COMPLETED;
            }
            long started = System.nanoTime();
            long startSamples = sampleCount;
            intervalStart = started;
            while (step < steps) {
                step++;
                if (failAtStep != null && step == failAtStep) {
                    return crash();
                }
                double loss = trainStep();
                if (!Double.isFinite(loss)) {
                    err.printf(Locale.ROOT, "error: the loss diverged at step %d (%s); lower --lr%n", step, loss);
                    err.flush();
                    return EXIT_ERROR;
                }
                boolean last = step == steps;
                if (last || logEvery > 0 && step % logEvery == 0) {
                    log();
                }
                if (last || checkpointEvery > 0 && step % checkpointEvery == 0) {
                    save();
                }
                String request = last ? null : requests.poll();
                if (request != null) {
                    out.println("checkpoint requested by " + request);
                    if (intervalSteps > 0) {
                        log();
                    }
                    if (savedStep != step) {
                        save();
                    }
                    out.printf(Locale.ROOT, "checkpointed at step %d on request; exiting%n", step);
                    out.flush();
                    return EXIT_CHECKPOINTED;
                }
                if (stepDelayMs > 0) {
                    try {
                        Thread.sleep(stepDelayMs);
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        err.println("interrupted at step " + step);
                        return EXIT_ERROR;
                    }
                }
            }
            double runtime = (System.nanoTime() - started) / 1e9;
            out.println("{'train_runtime': " + pyFloat(runtime, 4)
                    + ", 'train_samples_per_second': " + pyFloat((sampleCount - startSamples) / runtime, 3)
                    + ", 'train_steps_per_second': " + pyFloat(runSteps / runtime, 3)
                    + ", 'train_loss': " + pyFloat(runLoss / runSteps, 6)
                    + ", 'epoch': " + pyFloat(epoch(), 4) + "}");
            out.flush();
            return EXIT_COMPLETED;
        }

        private double trainStep() {
            for (int i = 0; i < batchSize; i++) {
                batch[i] = dataset.sampleAt(sampleCount + i);
            }
            model.accumulateGradient(dataset.inputs(), dataset.labels(), batch, batchSize, batchStats);
            model.applyGradient(currentLearningRate(), momentum);
            sampleCount += batchSize;
            double loss = batchStats[0];
            intervalLoss += loss;
            intervalSteps++;
            intervalSamples += batchSize;
            runLoss += loss;
            runSteps++;
            return loss;
        }

        private double currentLearningRate() {
            return schedule.at(learningRate, step, steps);
        }

        private double epoch() {
            return (double) sampleCount / dataset.size();
        }

        private int crash() {
            failure(step).printStackTrace(err);
            err.flush();
            return EXIT_FAILED;
        }

        private IllegalStateException failure(final long at) {
            return new IllegalStateException("simulated training failure at step " + at + " (--fail-at-step)",
                    new ArithmeticException("demo: a deliberately injected fault"));
        }

        private void log() throws IOException {
            long now = System.nanoTime();
            double seconds = Math.max(now - intervalStart, 1) / 1e9;
            double loss = round(intervalLoss / intervalSteps, 6);
            double throughput = intervalSamples / seconds;
            double accuracy = model.evaluate(dataset.inputs(), dataset.labels(), dataset.size())[1];
            double lr = currentLearningRate();
            if (Double.isNaN(bestLoss) || loss < bestLoss) {
                bestLoss = loss;
            }
            ObjectNode record = json.createObjectNode();
            record.put("step", step);
            record.put("epoch", round(epoch(), 4));
            record.put("loss", loss);
            record.put("learning_rate", lr);
            record.put("samples", sampleCount);
            record.put("samples_per_second", round(throughput, 2));
            record.put("accuracy", round(accuracy, 4));
            record.put("time", BigDecimal.valueOf(System.currentTimeMillis(), 3));
            remember(record);
            out.printf(Locale.ROOT, "step %d/%d  epoch %.2f  loss %.4f  acc %.2f  lr %s  %.0f samples/s%n", step,
                    steps, epoch(), loss, accuracy, lr, throughput);
            out.flush();
            if (metricsOut != null) {
                metricsOut.write((json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
                metricsOut.flush();
            }
            intervalLoss = 0;
            intervalSteps = 0;
            intervalSamples = 0;
            intervalStart = now;
        }

        private void remember(final ObjectNode record) {
            logHistory.addLast(record);
            while (logHistory.size() > LOG_HISTORY_LIMIT) {
                logHistory.removeFirst();
            }
        }

        private void save() throws IOException {
            ObjectNode state = json.createObjectNode();
            state.put("global_step", step);
            state.put("epoch", round(epoch(), 4));
            state.put("max_steps", steps);
            state.put("logging_steps", logEvery);
            state.put("save_steps", checkpointEvery);
            state.put("train_batch_size", batchSize);
            if (Double.isNaN(bestLoss)) {
                state.putNull("best_metric");
            }
            else {
                state.put("best_metric", bestLoss);
            }
            ArrayNode history = state.putArray("log_history");
            logHistory.forEach(history::add);
            byte[] stateJson = json.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(state);
            MlpCheckpoint.ModelState modelState = new MlpCheckpoint.ModelState(step, sampleCount, dataset.seed(),
                    dataset.size(), model.inputs(), model.hidden(), model.classes(), model.parameters(),
                    model.velocity());
            Path saved = MlpCheckpoint.save(outputDir, modelState, stateJson);
            savedStep = step;
            out.println("saved checkpoint " + saved.toAbsolutePath().normalize());
            out.flush();
        }
    }

    private static double round(final double value, final int decimals) {
        if (!Double.isFinite(value)) {
            return value;
        }
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** A float as Python's repr would show it, rounded: {@code 12.0}, {@code 0.4321}. */
    static String pyFloat(final double value, final int decimals) {
        if (!Double.isFinite(value)) {
            return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        String plain = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
