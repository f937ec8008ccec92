package io.jenkins.plugins.gputraining.agent.cli;

import io.jenkins.plugins.gputraining.agent.demo.DemoTrainer;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.runner.parse.OutputFormat;
import io.jenkins.plugins.gputraining.runner.process.AgentJvm;
import io.jenkins.plugins.gputraining.runner.process.Signal;
import io.jenkins.plugins.gputraining.runner.run.PauseSettings;
import io.jenkins.plugins.gputraining.runner.run.RunOptions;
import io.jenkins.plugins.gputraining.runner.run.RunResult;
import io.jenkins.plugins.gputraining.runner.run.RunSupervisor;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.ComparedRun;
import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.analytics.ComparisonCalculator;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.agent.server.ApiTokens;
import io.jenkins.plugins.gputraining.agent.server.ServerConfig;
import io.jenkins.plugins.gputraining.agent.server.TrainingServer;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The embedded default a newcomer runs first: three real trainings of the demo MLP ({@link DemoTrainer}) with
 * different learning rates, each run as a child process under the agent, then their analytics and comparison.
 */
@Command(name = "demo", sortOptions = false,
        description = {"RunsDirectory three small real trainings (a pure-Java MLP, on the CPU) under the agent, with different "
                + "learning rates, and shows their analytics and which one won, with the dashboard on "
                + "http://127.0.0.1:8000/ to watch, pause and compare them.",
                "Run directories go to --runs (default: ./runs); the comparison JSON goes to stdout."})
public final class DemoCommand implements Callable<Integer> {
    /** The three runs: a learning rate each, so summary and comparison have something to say. */
    private static final List<String> LEARNING_RATES = List.of("0.01", "0.05", "0.2");

    @Option(names = "--runs", paramLabel = "DIR", defaultValue = "runs",
            description = "Where the run directories go (default: ${DEFAULT-VALUE}).")
    private Path runs;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "600", description = "Steps per run (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--step-delay-ms", paramLabel = "MS", defaultValue = "10",
            description = "Pause per step so the runs can be watched (default: ${DEFAULT-VALUE}).")
    private int stepDelayMillis;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000",
            description = "Port of the dashboard on 127.0.0.1 (default: ${DEFAULT-VALUE}; a free one if taken).")
    private int port;

    @Option(names = "--no-serve", description = "Do not start the dashboard; exit after the trainings.")
    private boolean noServe;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        err.println("GPU Training demo: three trainings of a small MLP on a generated spirals data set, on the CPU.");
        Files.createDirectories(runs);
        try (TrainingServer server = noServe ? null : startDashboard(err)) {
            int code = train(err, stamp);
            if (code != 0 || server == null) {
                return code;
            }
            err.println();
            err.println("The dashboard stays up at " + server.url() + " — press Ctrl-C to stop.");
            server.awaitStop();
            return 0;
        }
    }

    /** Starts the service on the runs folder, with a fresh token so the dashboard's pause buttons work. */
    private TrainingServer startDashboard(final PrintStream err) throws IOException {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        ApiTokens tokens = ApiTokens.parse("demo:" + token + ":admin", "the demo");
        TrainingServer server;
        try {
            server = TrainingServer.start(ServerConfig.builder(runs).port(port).tokens(tokens).build());
        }
        catch (IOException e) {
            server = TrainingServer.start(ServerConfig.builder(runs).port(0).tokens(tokens).build());
        }
        err.println();
        err.println("Dashboard: " + server.url() + "  (watch the runs live; pause/resume token: " + token + ")");
        return server;
    }

    private int train(final PrintStream err, final String stamp) throws Exception {
        List<RunAnalytics> analytics = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        for (String learningRate : LEARNING_RATES) {
            String id = "demo-" + stamp + "-lr" + learningRate;
            Path directory = runs.resolve(id).toAbsolutePath().normalize();
            Path workspace = directory.resolve("workspace");
            Files.createDirectories(workspace);
            List<String> command = List.of(AgentJvm.java(), "-cp", AgentJvm.classPath(),
                    DemoTrainer.class.getName(), "--steps", Integer.toString(steps), "--lr", learningRate,
                    "--step-delay-ms", Integer.toString(stepDelayMillis), "--checkpoint-every", "200",
                    "--output-dir", "checkpoints");
            RunOptions options = new RunOptions(directory, id, "demo lr=" + learningRate, command, workspace,
                    Map.of(), Duration.ofSeconds(1), OutputFormat.auto(), null, null, null, null,
                    Duration.ofSeconds(5), null, new PauseSettings(PauseMode.SUSPEND, Signal.SIGUSR1,
                    "--resume_from_checkpoint {checkpoint}"), false);
            err.println();
            err.println("== run " + (analytics.size() + 1) + " of " + LEARNING_RATES.size() + ": learning rate "
                    + learningRate + " ==");
            RunResult result = new RunSupervisor(options, err, System.console() != null, Clock.systemUTC()).execute();
            if (result.exitCode() != 0) {
                err.println("the demo training failed (exit code " + result.exitCode() + "); see "
                        + directory.resolve("output.log"));
                return result.exitCode();
            }
            analytics.add(new RunAnalyzer().analyze(RunDirectory.at(directory)));
            directories.add(directory);
        }
        Comparison comparison = ComparisonCalculator.compare(analytics);
        printTable(err, comparison, directories);
        System.out.println(AnalyticsJson.toPrettyJson(comparison));
        System.out.flush();
        return 0;
    }

    private static void printTable(final PrintStream err, final Comparison comparison, final List<Path> directories) {
        err.println();
        err.printf(Locale.ROOT, "%-34s %10s %10s %14s %9s %8s%n", "run", "final loss", "best loss", "samples/s",
                "seconds", "score");
        for (ComparedRun run : comparison.jobs()) {
            err.printf(Locale.ROOT, "%-34s %10s %10s %14s %9s %8s%n", run.runId(), number(run.finalLoss(), "%.4f"),
                    number(run.bestLoss(), "%.4f"), number(run.throughput(), "%.1f"),
                    number(run.durationSeconds(), "%.1f"), number(run.overallScore(), "%.1f"));
        }
        err.println();
        err.println("winners: best loss " + comparison.winner().bestLoss() + ", best throughput "
                + comparison.winner().bestThroughput() + ", fastest " + comparison.winner().fastest()
                + ", most efficient " + comparison.winner().mostEfficient());
        err.println();
        err.println("Run directories (progress.json, metrics.jsonl, events.jsonl, output.log, checkpoints):");
        directories.forEach(directory -> err.println("  " + directory));
        err.println("Try: java -jar " + System.getProperty("java.class.path") + " analyze " + directories.get(1));
        err.println("     java -jar " + System.getProperty("java.class.path") + " compare "
                + String.join(" ", directories.stream().map(Path::toString).toList()));
    }

    private static String number(final Double value, final String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }
}
