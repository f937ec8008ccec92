package io.jenkins.plugins.gputraining.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.progress.ProgressJson;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.runner.AgentProcess;
import io.jenkins.plugins.gputraining.runner.process.ProcessTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the agent at random moments, with a chatty trainer (2,500 lines/s, a metric line in five) and a
 * quiet one (a metric line every half second), each with a grandchild; every fifth run {@code --detach}ed
 * (docs/agent.md, "Durable output and liveness"). After each kill: the run directory is readable (or was never made),
 * no process of the training survives two seconds (detached ones excepted), readers do not call it running, every
 * line printed a second before the kill is in output.log, and after {@code run --attach} every metric line is in
 * metrics.jsonl. {@code -Dgpu.training.kills=100} runs a hundred (the figures go to target/kill-nine-report.txt).
 */
class KillNineIT {
    private static final int KILLS = Integer.getInteger("gpu.training.kills", 20);
    private static final int PARALLEL = Integer.getInteger("gpu.training.kills.parallel", 4);
    private static final long ORPHAN_DEADLINE_MILLIS = 2000;
    private static final String PYTHON = "/usr/bin/python3";
    private static final String TRAINER = """
            import json, os, subprocess, sys, time
            mode = sys.argv[1]
            grandchild = subprocess.Popen(["sleep", "600"])
            with open("pids.tmp", "w") as pids:
                pids.write("%d %d\\n" % (os.getpid(), grandchild.pid))
            os.replace("pids.tmp", "pids")
            printed = open("printed.log", "a")
            seq = step = 0
            last = 0.0
            end = time.time() + 90
            while time.time() < end and not os.path.exists("stop"):
                step += 1
                seq += 1
                t = time.time()
                print(json.dumps({"step": step, "loss": 1.0 / step, "seq": seq, "t": t}), flush=True)
                if mode == "chatty":
                    for _ in range(4):
                        seq += 1
                        print("out %d t=%.6f" % (seq, time.time()), flush=True)
                    time.sleep(0.002)
                else:
                    time.sleep(0.5)
                if t - last >= 0.1:
                    printed.write("%d %.6f\\n" % (seq, t))
                    printed.flush()
                    last = t
            """;

    @TempDir
    Path work;

    /** What one kill showed. */
    private record Trial(int index, String mode, boolean detached, boolean early, double killDelay,
                         boolean runExisted,
                         boolean readable, String readerStatus, int orphans, double stopSeconds, long printedLines,
                         long lostLines, long metricLines, long unrecordedAtKill, long unrecordedAfterAttach,
                         long recordedTwice, String finalStatus, boolean trainingStarted, String problem) {
        String line() {
            return String.format(Locale.ROOT, "%3d %-6s %-8s kill %.2f s after %s: run %s, reader %s, orphans %d, "
                            + "stopped in %.2f s, lines %d (lost %d), metric lines %d (not recorded at the kill %d, "
                            + "after attach %d, recorded twice %d), final %s%s", index, mode, detached ? "detached" : "default",
                    killDelay, early ? "the agent's start" : "the run appeared", !runExisted ? "not made yet" : readable ? "readable" : "UNREADABLE", readerStatus,
                    orphans, stopSeconds, printedLines, lostLines, metricLines, unrecordedAtKill,
                    unrecordedAfterAttach, recordedTwice, finalStatus, problem == null ? "" : " PROBLEM: " + problem);
        }
    }

    @Test
    void everyKillLeavesAReadableRunNoOrphanAndNoLostLine() throws Exception {
        assumeThat(Files.isExecutable(Path.of(PYTHON))).as("python3 on this machine").isTrue();
        Files.writeString(work.resolve("trainer.py"), TRAINER);
        Random random = new Random(Long.getLong("gpu.training.kills.seed", System.nanoTime()));
        List<Future<Trial>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            for (int i = 0; i < KILLS; i++) {
                int index = i;
                String mode = i % 2 == 0 ? "chatty" : "quiet";
                boolean detached = i % 5 == 4;
                // One kill in four at a random moment of the agent's start (before its run may exist), the others
                // at a random moment of the run's first three seconds.
                boolean early = i % 4 == 1;
                double delay = early ? random.nextDouble() * 2.0 : random.nextDouble() * 3.0;
                futures.add(pool.submit(() -> trial(index, mode, detached, early, delay)));
            }
            List<Trial> trials = new ArrayList<>();
            for (Future<Trial> future : futures) {
                trials.add(future.get());
            }
            report(trials);

            assertThat(trials).allSatisfy(trial -> {
                assertThat(trial.problem()).as(trial.line()).isNull();
                assertThat(!trial.runExisted() || trial.readable()).as(trial.line()).isTrue();
                assertThat(trial.orphans()).as(trial.line()).isZero();
                assertThat(trial.readerStatus()).as(trial.line()).isNotIn("running", "paused");
                assertThat(trial.lostLines()).as(trial.line()).isZero();
                assertThat(trial.unrecordedAfterAttach()).as(trial.line()).isZero();
                assertThat(trial.recordedTwice()).as(trial.line()).isZero();
            });
            assertThat(trials).filteredOn(Trial::runExisted).as("kills that hit a run").hasSizeGreaterThan(KILLS / 2);
            assertThat(trials).filteredOn(trial -> trial.detached() && trial.trainingStarted())
                    .allSatisfy(trial -> assertThat(trial.finalStatus()).as(trial.line()).isEqualTo("completed"));
        }
        finally {
            pool.shutdownNow();
        }
    }

    private Trial trial(final int index, final String mode, final boolean detached, final boolean early,
                        final double delay) throws Exception {
        Path dir = Files.createDirectories(work.resolve("trial-" + index));
        Path out = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of("run", "--out", out.toString(), "--workdir", dir.toString(),
                "--format", "jsonl"));
        if (detached) {
            args.add("--detach");
        }
        args.addAll(List.of("--", PYTHON, work.resolve("trainer.py").toString(), mode));
        AgentProcess agent = AgentProcess.start(dir, args.toArray(String[]::new));
        for (int i = 0; i < 6000 && !early && agent.isAlive() && !RunDirectory.isRunDirectory(out); i++) {
            Thread.sleep(10);
        }
        Thread.sleep(Math.round(delay * 1000));
        double killedAt = System.currentTimeMillis() / 1000.0;
        agent.kill();
        agent.waitFor();
        long killed = System.nanoTime();

        long[] pids = pids(dir);
        int orphans = 0;
        double stopSeconds = 0;
        if (pids.length > 0 && !detached) {
            while (alive(pids) > 0 && System.nanoTime() - killed < ORPHAN_DEADLINE_MILLIS * 1_000_000L) {
                Thread.sleep(10);
            }
            stopSeconds = (System.nanoTime() - killed) / 1e9;
            orphans = alive(pids);
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        boolean runExisted = RunDirectory.isRunDirectory(out);
        if (!runExisted) {
            String problem = Files.exists(out) ? "half-made run directory: " + listing(out)
                    : pids.length > 0 ? "a training started without a run directory" : null;
            return new Trial(index, mode, detached, early, delay, false, false, "none", orphans, stopSeconds, 0, 0, 0, 0, 0,
                    0, "none", pids.length > 0, problem);
        }
        RunDirectory run = RunDirectory.at(out);
        String readerStatus;
        try {
            run.readProgress();
            readerStatus = new RunAnalyzer().analyze(run).status();
        }
        catch (RuntimeException e) {
            return new Trial(index, mode, detached, early, delay, true, false, "unreadable", orphans, stopSeconds, 0, 0, 0,
                    0, 0, 0, "none", pids.length > 0, e.toString());
        }
        long unrecordedAtKill = unrecordedMetricLines(run, killedAt - 1.0);
        if (detached) {
            boolean stillRunning = pids.length > 0 && alive(pids) == pids.length;
            Thread.sleep(500);
            AgentProcess attach = AgentProcess.start(dir, "run", "--attach", out.toString());
            awaitAttached(run, attach);
            Files.writeString(dir.resolve("stop"), "");
            attach.waitFor();
            if (pids.length > 0 && !stillRunning) {
                return trialAfter(index, mode, detached, early, delay, readerStatus, orphans, stopSeconds, run, dir,
                        killedAt, unrecordedAtKill, true, "the detached training did not outlive its agent");
            }
        }
        else if (unrecordedAtKill > 0) {
            // The dying agent had not read everything yet: an agent attaching reads the rest from output.log.
            AgentProcess.run(dir, "run", "--attach", out.toString());
        }
        boolean attached = detached || unrecordedAtKill > 0;
        return trialAfter(index, mode, detached, early, delay, readerStatus, orphans, stopSeconds, run, dir, killedAt,
                unrecordedAtKill, attached, null);
    }

    private static void awaitAttached(final RunDirectory run, final AgentProcess attach) throws InterruptedException {
        for (int i = 0; i < 3000 && attach.isAlive(); i++) {
            if (run.events().stream().anyMatch(event -> RunSupervisor.ATTACHED.equals(event.event()))) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private Trial trialAfter(final int index, final String mode, final boolean detached, final boolean early,
                             final double delay,
                             final String readerStatus, final int orphans, final double stopSeconds,
                             final RunDirectory run, final Path dir, final double killedAt,
                             final long unrecordedAtKill, final boolean attached, final String problem)
            throws IOException {
        Set<Long> output = outputSequence(run);
        long lastOneSecondBefore = printedBefore(dir, killedAt - 1.0);
        long lost = 0;
        for (long seq = 1; seq <= lastOneSecondBefore; seq++) {
            if (!output.contains(seq)) {
                lost++;
            }
        }
        long metricLines = printedMetricSteps(run).size();
        return new Trial(index, mode, detached, early, delay, true, true, readerStatus, orphans, stopSeconds, output.size(),
                lost, metricLines, unrecordedAtKill,
                attached ? unrecordedMetricLines(run, Double.MAX_VALUE) : unrecordedAtKill, recordedTwice(run),
                finalStatus(run, readerStatus), Files.exists(dir.resolve("pids")), problem);
    }

    /** progress.json's status once an agent finalised the run; else what readers make of it. */
    private static String finalStatus(final RunDirectory run, final String readerStatus) {
        var status = run.readProgress().status();
        return status.isFinished() ? status.jsonName() : "left to readers (" + readerStatus + ")";
    }

    /** Steps metrics.jsonl holds more than once. */
    private static long recordedTwice(final RunDirectory run) {
        List<Long> steps = new ArrayList<>();
        run.readMetrics(record -> steps.add(record.step()));
        return steps.size() - new HashSet<>(steps).size();
    }

    /** Metric lines in output.log printed at or before {@code until} (epoch s) that metrics.jsonl lacks. */
    private static long unrecordedMetricLines(final RunDirectory run, final double until) throws IOException {
        Set<Long> recorded = new HashSet<>();
        run.readMetrics(record -> {
            if (record.step() != null) {
                recorded.add(record.step());
            }
        });
        long missing = 0;
        for (JsonNode line : printedMetricSteps(run)) {
            if (line.get("t").asDouble() <= until && !recorded.contains(line.get("step").asLong())) {
                missing++;
            }
        }
        return missing;
    }

    private static List<JsonNode> printedMetricSteps(final RunDirectory run) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : lines(run.file("output.log"))) {
            if (line.startsWith("{\"step\"")) {
                try {
                    lines.add(ProgressJson.mapper().readTree(line));
                }
                catch (IOException e) {
                    // a line cut by the kill of the trainer: not printed whole
                }
            }
        }
        return lines;
    }

    private static Set<Long> outputSequence(final RunDirectory run) throws IOException {
        Set<Long> seqs = new HashSet<>();
        for (String line : lines(run.file("output.log"))) {
            if (line.startsWith("out ")) {
                seqs.add(Long.parseLong(line.substring(4, line.indexOf(' ', 4))));
            }
            else if (line.startsWith("{\"step\"")) {
                try {
                    seqs.add(ProgressJson.mapper().readTree(line).get("seq").asLong());
                }
                catch (IOException e) {
                    // cut by the kill
                }
            }
        }
        return seqs;
    }

    private static List<String> lines(final Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Arrays.asList(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n"));
    }

    /** The last sequence number the trainer noted as printed at or before {@code until} (epoch s). */
    private static long printedBefore(final Path dir, final double until) throws IOException {
        long last = 0;
        for (String line : lines(dir.resolve("printed.log"))) {
            String[] fields = line.trim().split(" ");
            if (fields.length == 2 && Double.parseDouble(fields[1]) <= until) {
                last = Math.max(last, Long.parseLong(fields[0]));
            }
        }
        return last;
    }

    private static long[] pids(final Path dir) throws IOException {
        Path file = dir.resolve("pids");
        if (!Files.exists(file)) {
            return new long[0];
        }
        return Arrays.stream(Files.readString(file).trim().split(" ")).mapToLong(Long::parseLong).toArray();
    }

    private static int alive(final long[] pids) {
        int alive = 0;
        for (long pid : pids) {
            if ("?ZX".indexOf(ProcessTree.state(pid)) < 0) {
                alive++;
            }
        }
        return alive;
    }

    private static String listing(final Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.map(directory::relativize).map(Path::toString).toList().toString();
        }
    }

    private void report(final List<Trial> trials) throws IOException {
        StringBuilder report = new StringBuilder();
        long hit = trials.stream().filter(Trial::runExisted).count();
        report.append(String.format(Locale.ROOT, "%d kills (%d parallel): %d hit a run (all readable: %s), %d before "
                        + "its directory was made; orphans %d; readers calling a killed run running or paused: %d; "
                        + "lines printed >= 1 s before the kill missing from output.log: %d; metric lines printed "
                        + ">= 1 s before the kill not yet recorded by the dying agent: %d (in %d runs), after "
                        + "run --attach (where it had fallen behind, and for detached runs): %d; metric records "
                        + "recorded twice: %d; slowest stop of a training after its agent's death: %.2f s%n",
                trials.size(), PARALLEL, hit, trials.stream().filter(Trial::runExisted).allMatch(Trial::readable),
                trials.size() - hit, trials.stream().mapToInt(Trial::orphans).sum(),
                trials.stream().filter(trial -> List.of("running", "paused").contains(trial.readerStatus())).count(),
                trials.stream().mapToLong(Trial::lostLines).sum(),
                trials.stream().mapToLong(Trial::unrecordedAtKill).sum(),
                trials.stream().filter(trial -> trial.unrecordedAtKill() > 0).count(),
                trials.stream().mapToLong(Trial::unrecordedAfterAttach).sum(),
                trials.stream().mapToLong(Trial::recordedTwice).sum(),
                trials.stream().mapToDouble(Trial::stopSeconds).max().orElse(0)));
        trials.forEach(trial -> report.append(trial.line()).append('\n'));
        System.out.print(report);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("kill-nine-report.txt"), report);
        }
    }
}
