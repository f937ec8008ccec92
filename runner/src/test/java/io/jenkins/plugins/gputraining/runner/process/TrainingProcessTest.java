package io.jenkins.plugins.gputraining.runner.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: a shell that starts a grandchild, both counting into files, under the training wrapper. */
class TrainingProcessTest {
    @TempDir
    Path dir;

    private TrainingFiles files() {
        return new TrainingFiles(dir.resolve("output.log"), dir.resolve(".agent"));
    }

    private TrainingProcess start(final String script) throws IOException {
        return TrainingProcess.start(List.of("sh", "-c", script), dir, Map.of(), files(), false);
    }

    /** A parent and a background grandchild, each appending a tick to its own file every 20 ms. */
    private TrainingProcess startTicking() throws IOException {
        return start("(while true; do echo t >> grandchild.txt; sleep 0.02; done) & "
                + "while true; do echo t >> parent.txt; sleep 0.02; done");
    }

    private long ticks(final String file) throws IOException {
        Path path = dir.resolve(file);
        return Files.exists(path) ? Files.size(path) : 0;
    }

    private void awaitTicks(final String file) throws Exception {
        for (int i = 0; i < 250 && ticks(file) == 0; i++) {
            Thread.sleep(20);
        }
        assertThat(ticks(file)).as(file + " ticks").isPositive();
    }

    private static boolean running(final long pid) {
        return "?ZX".indexOf(ProcessTree.state(pid)) < 0;
    }

    @Test
    void suspendStopsTheWholeTreeAndResumeContinuesIt() throws Exception {
        TrainingProcess process = startTicking();
        try {
            awaitTicks("grandchild.txt");
            assertThat(process.tree().pids()).hasSizeGreaterThanOrEqualTo(2);

            assertThat(process.suspend(Duration.ofSeconds(5))).as("processes not stopped").isEmpty();
            // One may still finish a write it was blocked in (state D, SIGSTOP pending) before it stops.
            for (int i = 0; i < 250 && !process.tree().pids().stream()
                    .allMatch(pid -> "Tt".indexOf(ProcessTree.state(pid)) >= 0); i++) {
                Thread.sleep(20);
            }
            long parent = ticks("parent.txt");
            long grandchild = ticks("grandchild.txt");
            Thread.sleep(300);
            assertThat(ticks("parent.txt")).isEqualTo(parent);
            assertThat(ticks("grandchild.txt")).as("the grandchild is paused too").isEqualTo(grandchild);
            for (long pid : process.tree().pids()) {
                assertThat(ProcessTree.state(pid)).isIn('T', 't');
            }

            assertThat(process.resume(Duration.ofSeconds(5))).as("processes still stopped").isEmpty();
            Thread.sleep(300);
            assertThat(ticks("grandchild.txt")).isGreaterThan(grandchild);
        }
        finally {
            process.terminate(Duration.ofSeconds(2));
        }
    }

    @Test
    void terminateStopsTheWholeTreeEvenWhenSuspended() throws Exception {
        TrainingProcess process = startTicking();
        awaitTicks("grandchild.txt");
        Set<Long> pids = process.tree().pids();
        process.suspend(Duration.ofSeconds(5));

        OptionalInt exitCode = process.terminate(Duration.ofSeconds(2));

        assertThat(exitCode).hasValue(128 + Signal.SIGTERM.number());
        assertThat(Signal.fromExitCode(exitCode.getAsInt())).isEqualTo("SIGTERM");
        Thread.sleep(200);
        for (long pid : pids) {
            assertThat(running(pid)).as("pid " + pid + " still running").isFalse();
        }
    }

    @Test
    void runsInItsOwnProcessGroupWritingItsOutputToTheLogItself() throws Exception {
        TrainingProcess process = start("echo out; echo err >&2; printf 'a\\rb\\n'; ps -o pgid= -p $$; exit 4");

        assertThat(process.waitFor()).hasValue(4);

        assertThat(process.ownGroup()).isTrue();
        assertThat(process.pid()).as("the command, not its wrapper").isNotEqualTo(process.group());
        String log = Files.readString(dir.resolve("output.log"));
        assertThat(log).startsWith("out\nerr\na\rb\n");
        assertThat(log.lines().reduce((a, b) -> b).orElseThrow().trim())
                .as("process group id").isEqualTo(Long.toString(process.group()));
        assertThat(files().exitCode()).as("recorded for an agent attaching later").hasValue(4);
        assertThat(files().stoppedByWatchdog()).isFalse();
    }

    @Test
    void whatOutlivesTheCommandIsStoppedAfterAShortGrace() throws Exception {
        TrainingProcess process = start("sleep 600 & echo $! > grandchild.pid; exec 1>&- 2>&-; exit 0");

        assertThat(process.waitFor()).hasValue(0);
        long grandchild = Long.parseLong(Files.readString(dir.resolve("grandchild.pid")).trim());
        assertThat(running(grandchild)).isTrue();

        int rounds = process.stopLeftovers(Duration.ofMillis(300));

        assertThat(rounds).as("SIGTERM was needed").isEqualTo(1);
        Thread.sleep(100);
        assertThat(running(grandchild)).as("the grandchild that kept the output open").isFalse();
        assertThat(process.stopLeftovers(Duration.ofMillis(300))).as("nothing left").isZero();
    }

    @Test
    void aDetachedTrainingIsTakenUpByItsGroupAndStartTime() throws Exception {
        TrainingProcess started = TrainingProcess.start(List.of("sh", "-c",
                "while [ ! -f go ]; do sleep 0.05; done; exit 7"), dir, Map.of(), files(), true);

        java.time.Instant groupStarted = started.groupStartedAt().orElseThrow();
        TrainingProcess adopted = TrainingProcess.adopt(started.group(), groupStarted, files()).orElseThrow();

        assertThat(adopted.pid()).isEqualTo(started.pid());
        assertThat(adopted.isAlive()).isTrue();
        Files.writeString(dir.resolve("go"), "");
        assertThat(adopted.waitFor()).as("read from the file the wrapper wrote").hasValue(7);
        assertThat(TrainingProcess.adopt(started.group(), groupStarted, files())).as("ended").isEmpty();
        started.waitFor();
    }

    @Test
    void aPidNowHeldByAnotherProcessIsNotTakenUp() throws Exception {
        TrainingProcess started = TrainingProcess.start(List.of("sleep", "5"), dir, Map.of(), files(), true);
        try {
            assertThat(TrainingProcess.adopt(started.group(),
                    started.groupStartedAt().orElseThrow().minusSeconds(60), files())).isEmpty();
        }
        finally {
            started.terminate(Duration.ofSeconds(2));
        }
    }

    @Test
    void namesTheCommandThatCannotStart() {
        assertThatThrownBy(() -> TrainingProcess.start(List.of("/no/such/trainer"), dir, Map.of(), files(), false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot start /no/such/trainer");
    }

    @Test
    void parsesSignalNames() {
        assertThat(Signal.parse("SIGUSR1")).isEqualTo(Signal.SIGUSR1);
        assertThat(Signal.parse("usr1")).isEqualTo(Signal.SIGUSR1);
        assertThat(Signal.parse("15")).isEqualTo(Signal.SIGTERM);
        assertThatThrownBy(() -> Signal.parse("SIGNOPE")).hasMessageContaining("unknown signal \"SIGNOPE\"");
    }
}
