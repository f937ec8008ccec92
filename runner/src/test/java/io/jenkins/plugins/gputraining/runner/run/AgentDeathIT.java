package io.jenkins.plugins.gputraining.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.progress.AgentIdentity;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.ReadResult;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.runner.AgentProcess;
import io.jenkins.plugins.gputraining.runner.process.ProcessTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent killed with {@code kill -9}, a second agent on the same run, and {@code run --attach}: real agents, real
 * children, real signals (docs/agent.md, "Durable output and liveness", "Attach and detach").
 */
class AgentDeathIT {
    /** A trainer: a grandchild that sleeps, then a step line every 50 ms until a {@code stop} file appears. */
    private static final String TRAINER = """
            sleep 600 &
            echo $! > grandchild.pid
            echo $$ > child.pid
            i=0
            while [ ! -f stop ]; do
              i=$((i+1)); echo "{\\"step\\": $i, \\"loss\\": 1.5}"; echo "working on step $i"; sleep 0.05
            done
            exit 3
            """;

    @TempDir
    Path work;

    private final List<AgentProcess> agents = new ArrayList<>();

    private AgentProcess started(final AgentProcess agent) {
        agents.add(agent);
        return agent;
    }

    /** A failed test leaves no agent or training behind to slow down the tests after it. */
    @AfterEach
    void stopWhatIsLeft() throws IOException {
        agents.stream().filter(AgentProcess::isAlive).forEach(AgentProcess::kill);
        for (String file : List.of("child.pid", "grandchild.pid")) {
            if (Files.exists(work.resolve(file))) {
                ProcessHandle.of(pid(file)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private void script(final String name, final String body) throws IOException {
        Path script = work.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void await(final String what, final BooleanSupplier condition, final long millis)
            throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private long pid(final String file) throws IOException {
        return Long.parseLong(Files.readString(work.resolve(file)).trim());
    }

    private static boolean running(final long pid) {
        return "?ZX".indexOf(ProcessTree.state(pid)) < 0;
    }

    private static List<MetricRecord> metrics(final RunDirectory run) {
        List<MetricRecord> records = new ArrayList<>();
        ReadResult result = run.readMetrics(records::add);
        assertThat(result.hasProblems()).as("metrics.jsonl problems: %s", result.problems()).isFalse();
        return records;
    }

    /** The steps the trainer printed, as output.log holds them. */
    private static List<Long> printedSteps(final RunDirectory run) throws IOException {
        return Arrays.stream(Files.readString(run.file("output.log")).split("\n"))
                .filter(line -> line.startsWith("{\"step\": "))
                .map(line -> Long.parseLong(line.replaceAll("\\D+", " ").trim().split(" ")[0]))
                .toList();
    }

    private AgentProcess startAndAwaitSteps(final String out, final String... options) throws Exception {
        script("train.sh", TRAINER);
        List<String> args = new ArrayList<>(List.of("run", "--out", out));
        args.addAll(List.of(options));
        args.addAll(List.of("--", "./train.sh"));
        AgentProcess agent = started(AgentProcess.start(work, args.toArray(String[]::new)));
        RunDirectory run = RunDirectory.at(work.resolve(out));
        await("the agent records steps", () -> Files.exists(work.resolve("grandchild.pid"))
                && Files.exists(run.file("metrics.jsonl")) && metricsCount(run) >= 3, 60_000);
        return agent;
    }

    private static long metricsCount(final RunDirectory run) {
        try {
            return Files.readAllLines(run.file("metrics.jsonl")).size();
        }
        catch (IOException e) {
            return 0;
        }
    }

    @Test
    void killingTheAgentStopsTheWholeTrainingWithinTwoSecondsAndTheRunReadsInterrupted() throws Exception {
        AgentProcess agent = startAndAwaitSteps("runs/killed");
        long child = pid("child.pid");
        long grandchild = pid("grandchild.pid");
        RunDirectory run = RunDirectory.at(work.resolve("runs/killed"));

        agent.kill();
        long killed = System.nanoTime();
        await("the training tree is gone", () -> !running(child) && !running(grandchild), 5_000);
        double seconds = (System.nanoTime() - killed) / 1e9;

        assertThat(seconds).as("seconds until the training stopped after its agent died").isLessThan(2.0);
        ProgressSnapshot progress = run.readProgress();
        assertThat(progress.status()).as("as the dead agent left it").isEqualTo(RunStatus.RUNNING);
        assertThat(new RunAnalyzer().analyze(run).status()).as("as readers report it").isEqualTo("interrupted");
        List<Long> printed = printedSteps(run);
        assertThat(printed).as("every line the trainer printed is in output.log, in order").isNotEmpty()
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, printed.size()).boxed().toList());

        AgentProcess attach = AgentProcess.run(work, "run", "--attach", "runs/killed");

        assertThat(attach.exitCode()).as(attach.stderrText()).isEqualTo(1);
        assertThat(attach.stderrText()).contains("the training was stopped when its agent died");
        ProgressSnapshot finished = run.readProgress();
        assertThat(finished.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(finished.endedAt()).isNotNull();
        assertThat(finished.error()).contains("stopped when the agent recording it died");
        assertThat(metrics(run)).extracting(MetricRecord::step).as("the attach read what the dead agent had not")
                .isEqualTo(printed);
    }

    @Test
    void aDetachedTrainingOutlivesItsAgentAndIsTakenUpAgainWithoutLosingOrRepeatingALine() throws Exception {
        AgentProcess first = startAndAwaitSteps("runs/durable", "--detach");
        long child = pid("child.pid");
        RunDirectory run = RunDirectory.at(work.resolve("runs/durable"));

        first.kill();
        first.waitFor();
        Thread.sleep(1500);

        assertThat(running(child)).as("the detached training goes on").isTrue();
        assertThat(new RunAnalyzer().analyze(run).status()).isEqualTo("interrupted");
        AgentProcess second = started(AgentProcess.start(work, "run", "--attach", "runs/durable"));
        await("the second agent records the run", () -> AgentIdentity.of(run.readProgress())
                .map(agent -> agent.pid() == second.pid()).orElse(false), 60_000);
        assertThat(new RunAnalyzer().analyze(run).status()).isEqualTo("running");
        long before = metricsCount(run);
        await("the second agent records new steps", () -> metricsCount(run) > before + 2, 30_000);
        Files.writeString(work.resolve("stop"), "");

        assertThat(second.waitFor()).as(second.stderrText()).isEqualTo(3);
        ProgressSnapshot progress = run.readProgress();
        assertThat(progress.status()).isEqualTo(RunStatus.FAILED);
        assertThat(progress.exitCode()).isEqualTo(3);
        assertThat(metrics(run)).extracting(MetricRecord::step).as("each printed step recorded once")
                .isEqualTo(printedSteps(run));
        assertThat(run.events()).extracting(LifecycleEvent::event).containsSubsequence("started",
                RunSupervisor.ATTACHED, "exited");
        assertThat(second.stderrText()).contains("attached to run durable", "the training still runs");
        assertThat(running(pid("grandchild.pid"))).as("its leftovers were stopped at the end").isFalse();
    }

    @Test
    void aSuspendedTrainingStaysPausedThroughItsAgentsDeathAndResumesUnderTheNextOne() throws Exception {
        AgentProcess first = startAndAwaitSteps("runs/paused", "--detach");
        RunDirectory run = RunDirectory.at(work.resolve("runs/paused"));
        assertThat(AgentProcess.run(work, "pause", "runs/paused").exitCode()).isZero();
        long child = pid("child.pid");
        // A write it was blocked in (state D) may finish before it stops: on a busy machine that took over 10 s.
        await("the trainer is stopped", () -> "Tt".indexOf(ProcessTree.state(child)) >= 0, 60_000);

        first.kill();
        first.waitFor();
        AgentProcess second = started(AgentProcess.start(work, "run", "--attach", "runs/paused"));
        await("the second agent records the run", () -> AgentIdentity.of(run.readProgress())
                .map(agent -> agent.pid() == second.pid()).orElse(false), 60_000);

        assertThat(run.readProgress().status()).isEqualTo(RunStatus.PAUSED);
        assertThat(ProcessTree.state(child)).as("still suspended").isIn('T', 't');
        AgentProcess resume = AgentProcess.run(work, "resume", "runs/paused");
        assertThat(resume.exitCode()).as(resume.stderrText()).isZero();
        long before = metricsCount(run);
        await("steps go on", () -> metricsCount(run) > before + 2, 30_000);
        Files.writeString(work.resolve("stop"), "");
        assertThat(second.waitFor()).as(second.stderrText()).isEqualTo(3);
        assertThat(second.stderrText()).contains("the training still runs", "suspended");
        assertThat(metrics(run)).extracting(MetricRecord::step).isEqualTo(printedSteps(run));
    }

    @Test
    void aSecondAgentOnTheSameRunFailsNamingTheFirstAndAnAttachWaitsForIt() throws Exception {
        AgentProcess first = startAndAwaitSteps("runs/shared");

        AgentProcess second = AgentProcess.run(work, "run", "--out", "runs/shared", "--", "./train.sh");
        AgentProcess attach = AgentProcess.run(work, "run", "--attach", "runs/shared");

        assertThat(second.exitCode()).isEqualTo(2);
        assertThat(second.stderrText()).contains("is held by agent pid " + first.pid());
        assertThat(attach.exitCode()).isEqualTo(2);
        assertThat(attach.stderrText()).contains("is held by agent pid " + first.pid(), "--wait");

        AgentProcess waiting = started(AgentProcess.start(work, "run", "--attach", "runs/shared", "--wait"));
        await("the waiting agent shows the training's output", () -> waiting.stderrText().contains("working on"),
                60_000);
        Files.writeString(work.resolve("stop"), "");

        assertThat(first.waitFor()).isEqualTo(3);
        assertThat(waiting.waitFor()).as("the exit code the first agent recorded").isEqualTo(3);
        assertThat(waiting.stderrText()).contains("waiting for agent pid " + first.pid(), "has ended already: failed");
        RunDirectory run = RunDirectory.at(work.resolve("runs/shared"));
        assertThat(metrics(run)).extracting(MetricRecord::step).as("one run, not two merged")
                .isEqualTo(printedSteps(run));
    }

    @Test
    void aGrandchildThatKeepsTheOutputOpenIsStoppedSoonAfterTheCommandExits() throws Exception {
        script("train.sh", """
                sleep 600 &
                echo $! > grandchild.pid
                echo '{"step": 1, "loss": 1.0}'
                exit 0
                """);

        AgentProcess agent = AgentProcess.run(work, "run", "--out", "runs/leftover", "--", "./train.sh");

        assertThat(agent.exitCode()).as(agent.stderrText()).isZero();
        assertThat(agent.stderrText()).contains("stopped what was left of the training's process group");
        assertThat(running(pid("grandchild.pid"))).isFalse();
        assertThat(RunDirectory.at(work.resolve("runs/leftover")).readProgress().status())
                .isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void anOutThatIsAFileIsRefusedWithTheReason() throws Exception {
        Files.writeString(work.resolve("taken"), "not a directory");

        AgentProcess agent = AgentProcess.run(work, "run", "--out", "taken", "--", "true");

        assertThat(agent.exitCode()).isEqualTo(2);
        assertThat(agent.stderrText()).contains("taken exists and is not a directory");
        assertThat(work.resolve("taken")).hasContent("not a directory");
    }

    @Test
    void attachWithOptionsOfANewRunIsRefused() throws Exception {
        AgentProcess agent = AgentProcess.run(work, "run", "--attach", "runs/x", "--format", "hf");

        assertThat(agent.exitCode()).isEqualTo(2);
        assertThat(agent.stderrText()).contains("--attach uses the options the run was started with; drop --format");
    }
}
