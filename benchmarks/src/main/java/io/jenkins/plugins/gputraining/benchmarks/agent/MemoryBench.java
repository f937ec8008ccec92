package io.jenkins.plugins.gputraining.benchmarks.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench memory}: the agent's resident memory through a simulated long run, in accelerated time. The agent JVM
 * ({@link MemoryHarness}, with the JVM options a user would give the agent) runs {@code run} on a stand-in training
 * ({@link LineEmitter}, --training) that prints a JSON metric line and a logger line per simulated second and writes
 * a checkpoint per simulated hour, while the run samples the GPUs every 100 ms; beside it the same JVM records one
 * telemetry sample per GPU per simulated second. This command reads the agent's VmRSS from /proc every 100 ms and
 * notes it at each simulated hour.
 */
@Command(name = "memory", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The agent's RSS through a simulated long run at 1 s sampling (target: peak < 128 MB, flat).")
public final class MemoryBench implements Callable<Integer> {
    static final double TARGET_PEAK_MB = 128;
    static final double TARGET_GROWTH = 0.10;
    private static final long POLL_MILLIS = 100;

    @Spec
    private CommandSpec spec;

    @Option(names = "--hours", paramLabel = "H", defaultValue = "24",
            description = "Simulated run length (default: ${DEFAULT-VALUE}).")
    private double hours;

    @Option(names = "--gpus", paramLabel = "N", defaultValue = "8",
            description = "GPUs whose telemetry is recorded each simulated second (default: ${DEFAULT-VALUE}).")
    private int gpus;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "2000",
            description = "Simulated seconds per real second (default: ${DEFAULT-VALUE}: 24 h in 43 s).")
    private double speed;

    @Option(names = "--agent-jvm-options", paramLabel = "OPTIONS", defaultValue = Jvm.DEFAULT_AGENT_OPTIONS,
            description = "JVM options of the agent (default: ${DEFAULT-VALUE}).")
    private String agentJvmOptions;

    @Option(names = "--report-every", paramLabel = "H", defaultValue = "4",
            description = "Print the RSS every H simulated hours (default: ${DEFAULT-VALUE}; the 1 h mark is always printed).")
    private int reportEvery;

    @Option(names = "--nvml-library", paramLabel = "PATH",
            description = "NVML library for the run's own GPU sampling (default: the driver's, if any).")
    private String nvmlLibrary;

    @Option(names = "--work", paramLabel = "DIR", description = "Scratch directory (default: a temporary one, removed after).")
    private Path work;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (hours <= 0 || gpus < 0 || speed <= 0 || reportEvery < 1) {
            err.println("--hours and --speed must be positive, --gpus not negative, --report-every at least 1");
            err.flush();
            return 2;
        }
        Path scratch = work != null ? Files.createDirectories(work) : Files.createTempDirectory("bench-memory-");
        try {
            out.print(measure(scratch, err));
            out.flush();
            return 0;
        }
        finally {
            if (work == null) {
                OutputBench.deleteTree(scratch);
            }
        }
    }

    private String measure(final Path scratch, final PrintWriter err) throws IOException, InterruptedException {
        long seconds = Math.max(1, Math.round(hours * 3600));
        int simulatedHours = (int) (seconds / 3600);
        Path run = scratch.resolve("run");
        Path workdir = Files.createDirectories(scratch.resolve("workdir"));
        Path telemetry = scratch.resolve("telemetry");
        Path marker = workdir.resolve("sim-hour");
        Path agentLog = scratch.resolve("agent-console.log");

        List<String> child = Jvm.command("-XX:+UseSerialGC -Xmx64m", LineEmitter.class, List.of("--training",
                "--steps", Long.toString(seconds), "--speed", Double.toString(speed), "--checkpoint-every", "3600",
                "--marker", marker.toString()));
        List<String> agentArgs = new ArrayList<>(List.of("run", "--out", run.toString(), "--workdir",
                workdir.toString(), "--sample-interval", "0.1", "--status-interval", "60"));
        if (nvmlLibrary != null) {
            agentArgs.addAll(List.of("--nvml-library", nvmlLibrary));
        }
        agentArgs.add("--");
        agentArgs.addAll(child);
        List<String> harnessArgs = new ArrayList<>(List.of("--telemetry-dir", telemetry.toString(), "--gpus",
                Integer.toString(gpus), "--seconds", Long.toString(seconds), "--speed", Double.toString(speed), "--"));
        harnessArgs.addAll(agentArgs);
        List<String> command = Jvm.command(agentJvmOptions, MemoryHarness.class, harnessArgs);

        long startNanos = System.nanoTime();
        Process agent = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(agentLog.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Double[] atHour = new Double[simulatedHours + 1];
        Double startRss = null;
        double lastRss = 0;
        double peak = 0;
        int polls = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos((long) (seconds / speed) + 600);
        while (agent.isAlive()) {
            Optional<ProcStatus> status = ProcStatus.of(agent.pid());
            if (status.isPresent()) {
                polls++;
                lastRss = status.get().rssMib();
                peak = Math.max(peak, Math.max(lastRss, status.get().peakRssMib()));
                int hour = readMarker(marker);
                if (hour >= 0 && startRss == null) {
                    startRss = lastRss;
                }
                for (int h = 1; h <= Math.min(hour, simulatedHours); h++) {
                    if (atHour[h] == null) {
                        atHour[h] = lastRss;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                agent.destroyForcibly();
                throw new IOException("the simulated run took over ten minutes more than planned");
            }
            agent.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
        int exitCode = agent.exitValue();
        double wall = (System.nanoTime() - startNanos) / 1e9;

        List<String> problems = new ArrayList<>();
        if (exitCode != 0) {
            problems.add("the agent exited with " + exitCode + "; its console: " + agentLog + (work == null
                    ? " (removed; rerun with --work DIR to keep it)" : ""));
            err.println(tail(agentLog));
            err.flush();
        }
        if (polls == 0 || !System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            problems.add("no RSS readings: /proc/PID/status is Linux only");
        }
        long metricRecords = OutputBench.countLines(run.resolve("metrics.jsonl"));
        long telemetrySamples = OutputBench.countLines(telemetry.resolve("telemetry.jsonl"));
        long runSamples = OutputBench.countLines(run.resolve("telemetry.jsonl"));
        int checkpoints = checkpoints(run.resolve("progress.json"));
        if (metricRecords < seconds) {
            problems.add("metrics.jsonl holds " + metricRecords + " records, the child printed " + seconds);
        }

        Table table = new Table(Table.format("bench memory: a simulated %s h run at 1 s sampling, %d GPUs, in %.1f s "
                        + "(%.0f× real time)%nagent JVM: %s%nrecorded: %,d metric records, %,d telemetry samples "
                        + "(+ %,d from the run's own 100 ms sampler), %d checkpoints", trim(hours), gpus, wall, speed,
                agentJvmOptions, metricRecords, telemetrySamples, runSamples, checkpoints))
                .header("point", "RSS MB");
        table.row("start", mb(startRss));
        for (int h = 1; h <= simulatedHours; h++) {
            if (h == 1 || h % reportEvery == 0 || h == simulatedHours) {
                table.row(h + " h", mb(atHour[h]));
            }
        }
        table.row("end (run finalised)", mb(polls == 0 ? null : lastRss));
        table.row("peak (VmHWM)", mb(polls == 0 ? null : peak));
        boolean peakMet = polls > 0 && peak < TARGET_PEAK_MB;
        table.note(Table.format("result: peak %.1f MB, target < %.0f MB: %s", peak, TARGET_PEAK_MB,
                Table.verdict(peakMet)));
        Double oneHour = simulatedHours >= 1 ? atHour[1] : null;
        if (oneHour != null && polls > 0) {
            double growth = (lastRss - oneHour) / oneHour;
            table.note(Table.format("result: end vs 1 h %+.1f %%, target < %.0f %%: %s", growth * 100,
                    TARGET_GROWTH * 100, Table.verdict(growth < TARGET_GROWTH)));
        }
        else {
            table.note("result: no 1 h mark to judge flatness (run at least 2 simulated hours)");
        }
        problems.forEach(problem -> table.note("PROBLEM: " + problem));
        return table.toString();
    }

    private static int readMarker(final Path marker) {
        try {
            return Integer.parseInt(Files.readString(marker).trim());
        }
        catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static int checkpoints(final Path progress) {
        try {
            JsonNode snapshot = new ObjectMapper().readTree(progress.toFile());
            return snapshot.path("checkpoints").size();
        }
        catch (IOException e) {
            return -1;
        }
    }

    private static String tail(final Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        catch (IOException e) {
            return "";
        }
    }

    private static String mb(final Double value) {
        return value == null ? "—" : Table.format("%.1f", value);
    }

    private static String trim(final double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
