package io.jenkins.plugins.gputraining.benchmarks.agent;

import io.jenkins.plugins.gputraining.agent.cli.AgentCommand;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench output}: how much the agent slows a chatty training. A child ({@link LineEmitter}) prints training-log
 * lines at a fixed rate, flushing each (as {@code python -u} does), and measures the time from its first line to its
 * last: once alone, with its output going to a pipe that a trivial reader drains, and once under the agent's
 * {@code run} (a separate agent JVM, as a user starts it, console echo to /dev/null). Runs alternate; medians are
 * compared. Then the same as fast as the child can print, which shows the agent's ceiling, and an in-process profile
 * of the agent's per-line work.
 */
@Command(name = "output", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A child printing N lines/s under the agent against the same child alone (target: ≤ 1.05×).")
public final class OutputBench implements Callable<Integer> {
    static final double TARGET_RATIO = 1.05;

    @Spec
    private CommandSpec spec;

    @Option(names = "--lines-per-second", paramLabel = "N", defaultValue = "100000",
            description = "The child's fixed rate (default: ${DEFAULT-VALUE}).")
    private int linesPerSecond;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "How long the child prints at that rate (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "5",
            description = "RunsDirectory alone and under the agent each, alternating (default: ${DEFAULT-VALUE}).")
    private int repeats;

    @Option(names = "--unpaced-lines", paramLabel = "N", defaultValue = "1000000",
            description = "Lines the child prints as fast as it can, alone and under the agent, to show the agent's "
                    + "ceiling (default: ${DEFAULT-VALUE}; 0: skip).")
    private long unpacedLines;

    @Option(names = "--profile-lines", paramLabel = "N", defaultValue = "100000",
            description = "Lines for the in-process profile of the agent's per-line work (default: ${DEFAULT-VALUE}; 0: skip).")
    private int profileLines;

    @Option(names = "--agent-jvm-options", paramLabel = "OPTIONS", defaultValue = Jvm.DEFAULT_AGENT_OPTIONS,
            description = "JVM options of the agent (default: ${DEFAULT-VALUE}).")
    private String agentJvmOptions;

    @Option(names = "--child-jvm-options", paramLabel = "OPTIONS", defaultValue = "-XX:+UseSerialGC -Xmx64m",
            description = "JVM options of the printing child (default: ${DEFAULT-VALUE}).")
    private String childJvmOptions;

    @Option(names = "--agent-console", paramLabel = "null|pipe", defaultValue = "null",
            description = "Where the agent's console echo goes: /dev/null, or a pipe this command drains as Jenkins "
                    + "would (default: ${DEFAULT-VALUE}).")
    private String agentConsole;

    @Option(names = "--nvml-library", paramLabel = "PATH",
            description = "NVML library for the agent's GPU sampling (default: the driver's, if any).")
    private String nvmlLibrary;

    @Option(names = "--work", paramLabel = "DIR", description = "Scratch directory (default: a temporary one, removed after).")
    private Path work;

    /** One timed run of the child. */
    private record Timing(double childSeconds, double wallSeconds, long outputLogLines) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (linesPerSecond < 1 || seconds <= 0 || repeats < 1 || unpacedLines < 0 || profileLines < 0
                || !agentConsole.equals("null") && !agentConsole.equals("pipe")) {
            err.println("--lines-per-second, --seconds and --repeats must be positive, --unpaced-lines and "
                    + "--profile-lines not negative, --agent-console null or pipe");
            err.flush();
            return 2;
        }
        Path scratch = work != null ? Files.createDirectories(work) : Files.createTempDirectory("bench-output-");
        try {
            long lines = Math.round(linesPerSecond * seconds);
            out.print(compare(scratch, lines, linesPerSecond, err));
            out.flush();
            if (unpacedLines > 0) {
                out.println();
                out.print(compare(scratch, unpacedLines, 0, err));
                out.flush();
            }
            if (profileLines > 0) {
                out.println();
                out.print(new OutputProfile(profileLines, scratch).measure());
                out.flush();
            }
            return 0;
        }
        finally {
            if (work == null) {
                deleteTree(scratch);
            }
        }
    }

    /** Alternating runs alone and under the agent; rate 0: as fast as the child can. */
    private String compare(final Path scratch, final long lines, final int rate, final PrintWriter err)
            throws IOException, InterruptedException {
        double[] alone = new double[repeats];
        double[] underAgent = new double[repeats];
        List<String> problems = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            Timing a;
            Timing b;
            if (r % 2 == 0) {
                a = alone(scratch, lines, rate);
                b = underAgent(scratch, lines, rate, problems);
            }
            else {
                b = underAgent(scratch, lines, rate, problems);
                a = alone(scratch, lines, rate);
            }
            alone[r] = a.childSeconds();
            underAgent[r] = b.childSeconds();
            if (b.outputLogLines() != lines) {
                problems.add("output.log held " + b.outputLogLines() + " of " + lines + " lines");
            }
            err.printf("bench output: %s run %d/%d: alone %.3f s, under the agent %.3f s (agent wall %.3f s)%n",
                    rate > 0 ? "paced" : "unpaced", r + 1, repeats, a.childSeconds(), b.childSeconds(),
                    b.wallSeconds());
            err.flush();
        }
        double medianAlone = Stats.median(alone);
        double medianAgent = Stats.median(underAgent);
        double ratio = medianAgent / medianAlone;
        Stats aloneStats = Stats.of(alone);
        Stats agentStats = Stats.of(underAgent);
        String title = rate > 0
                ? Table.format("bench output: a child printing %,d lines/s for %s s (%,d training-log lines, flushed "
                + "one by one), %s", rate, trim(seconds), lines, runs())
                : Table.format("bench output, as fast as the child can print: %,d lines, %s", lines, runs());
        Table table = new Table(title + Table.format("%nagent JVM: %s; agent console echo to %s", agentJvmOptions,
                agentConsole.equals("null") ? "/dev/null" : "a drained pipe"))
                .header("child's time, first line to last", "median", "min", "max", "lines/s (median)")
                .row("alone (stdout to a drained pipe)", seconds(medianAlone), seconds(aloneStats.min()),
                        seconds(aloneStats.max()), Table.format("%,.0f", lines / medianAlone))
                .row("under the agent (run)", seconds(medianAgent), seconds(agentStats.min()),
                        seconds(agentStats.max()), Table.format("%,.0f", lines / medianAgent))
                .row("ratio under the agent / alone", Table.ratio(ratio), "", "", "");
        if (rate > 0) {
            table.note(Table.format("result: ratio %.3f×, target ≤ %.2f×: %s", ratio, TARGET_RATIO,
                    Table.verdict(ratio <= TARGET_RATIO)));
        }
        else {
            table.note(Table.format("result: the agent keeps up with %,.0f lines/s of this output (the child alone: "
                    + "%,.0f lines/s); no target, this is the ceiling", lines / medianAgent, lines / medianAlone));
        }
        problems.stream().distinct().forEach(problem -> table.note("PROBLEM: " + problem));
        return table.toString();
    }

    private Timing alone(final Path scratch, final long lines, final int rate)
            throws IOException, InterruptedException {
        Path report = Files.createTempFile(scratch, "alone", ".txt");
        List<String> command = Jvm.command(childJvmOptions, LineEmitter.class, emitterArgs(lines, rate, report));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Thread drain = drain(process.getInputStream());
        int code = waitFor(process);
        drain.join();
        double wall = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IOException("the child alone exited with " + code + ": " + command);
        }
        double child = childSeconds(report);
        Files.delete(report);
        return new Timing(child, wall, lines);
    }

    private Timing underAgent(final Path scratch, final long lines, final int rate, final List<String> problems)
            throws IOException, InterruptedException {
        Path report = Files.createTempFile(scratch, "agent", ".txt");
        Path run = scratch.resolve("run-" + System.nanoTime());
        Path workdir = Files.createDirectories(scratch.resolve("workdir"));
        List<String> child = Jvm.command(childJvmOptions, LineEmitter.class, emitterArgs(lines, rate, report));
        List<String> agentArgs = new ArrayList<>(List.of("run", "--out", run.toString(), "--workdir",
                workdir.toString(), "--status-interval", "3600"));
        if (nvmlLibrary != null) {
            agentArgs.addAll(List.of("--nvml-library", nvmlLibrary));
        }
        agentArgs.add("--");
        agentArgs.addAll(child);
        List<String> command = Jvm.command(agentJvmOptions, AgentCommand.class, agentArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (agentConsole.equals("null")) {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        long start = System.nanoTime();
        Process process = builder.start();
        Thread drain = agentConsole.equals("pipe") ? drain(process.getErrorStream()) : null;
        int code = waitFor(process);
        if (drain != null) {
            drain.join();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            problems.add("the agent exited with " + code);
        }
        double childTime = childSeconds(report);
        Files.delete(report);
        long logged = countLines(run.resolve("output.log"));
        deleteTree(run);
        return new Timing(childTime, wall, logged);
    }

    private static List<String> emitterArgs(final long lines, final int rate, final Path report) {
        return List.of("--lines", Long.toString(lines), "--rate", Integer.toString(rate), "--report",
                report.toString());
    }

    private static int waitFor(final Process process) throws InterruptedException, IOException {
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("a benchmark process ran over ten minutes");
        }
        return process.exitValue();
    }

    /** A trivial reader: discards what it reads, as fast as it comes. */
    private static Thread drain(final InputStream in) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (in) {
                while (in.read(buffer) >= 0) {
                    // discard
                }
            }
            catch (IOException e) {
                // closed with the process
            }
        }, "bench-drain");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static double childSeconds(final Path report) throws IOException {
        String text = Files.readString(report).trim();
        if (text.isEmpty()) {
            throw new IOException("the child wrote no timing to " + report);
        }
        return Double.parseDouble(text.split("\\s+")[0]);
    }

    static long countLines(final Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        long count = 0;
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    static void deleteTree(final Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private String runs() {
        return repeats == 1 ? "1 run each" : repeats + " runs each, alternating";
    }

    private static String seconds(final double value) {
        return Table.format("%.3f s", value);
    }

    private static String trim(final double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
