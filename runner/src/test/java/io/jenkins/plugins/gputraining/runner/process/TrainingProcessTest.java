package io.jenkins.plugins.gputraining.runner.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: a shell that starts a grandchild, both counting into files. */
class TrainingProcessTest {
    @TempDir
    Path dir;

    /** A parent and a background grandchild, each appending a tick to its own file every 20 ms. */
    private TrainingProcess startTicking() throws IOException {
        String script = "(while true; do echo t >> grandchild.txt; sleep 0.02; done) & "
                + "while true; do echo t >> parent.txt; sleep 0.02; done";
        return TrainingProcess.start(List.of("sh", "-c", script), dir, Map.of());
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

        int exitCode = process.terminate(Duration.ofSeconds(2));

        assertThat(exitCode).isEqualTo(128 + Signal.SIGTERM.number());
        assertThat(Signal.fromExitCode(exitCode)).isEqualTo("SIGTERM");
        Thread.sleep(200);
        for (long pid : pids) {
            // Gone, or a zombie waiting for its (re)parent to reap it: either way no longer running.
            assertThat(ProcessTree.state(pid)).as("state of pid " + pid).isIn('?', 'Z', 'X');
        }
    }

    @Test
    void startsInItsOwnProcessGroupAndMergesOutput() throws Exception {
        TrainingProcess process = TrainingProcess.start(List.of("sh", "-c", "echo out; echo err >&2; ps -o pgid= -p $$"),
                dir, Map.of("EXTRA", "1"));

        String output = new String(process.output().readAllBytes());

        assertThat(process.waitFor()).isZero();
        assertThat(process.ownGroup()).isTrue();
        assertThat(output).contains("out", "err");
        assertThat(output.lines().reduce((a, b) -> b).orElseThrow().trim())
                .as("process group id").isEqualTo(Long.toString(process.pid()));
    }

    @Test
    void namesTheCommandThatCannotStart() {
        assertThatThrownBy(() -> TrainingProcess.start(List.of("/no/such/trainer"), dir, Map.of()))
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
