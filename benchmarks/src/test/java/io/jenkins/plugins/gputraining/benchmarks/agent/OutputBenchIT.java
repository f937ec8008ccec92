package io.jenkins.plugins.gputraining.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench output} in a small configuration: real child processes, a real agent JVM. */
class OutputBenchIT {
    private static final String SECONDS = "\\d+\\.\\d{3} s";

    @TempDir
    Path work;

    @Test
    void comparesTheChildAloneAndUnderTheAgentAndProfilesThePump() throws Exception {
        BenchRun run = BenchRun.of("output", "--lines-per-second", "20000", "--seconds", "0.5", "--repeats", "1",
                "--unpaced-lines", "10000", "--profile-lines", "2000", "--work", work.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("bench output: a child printing 20,000 lines/s for 0.5 s (10,000 "
                + "training-log lines, flushed one by one), 1 run each");
        assertThat(run.row("alone (stdout to a drained pipe)")).matches(".*" + SECONDS + " +" + SECONDS + " +"
                + SECONDS + " +[\\d,]+");
        assertThat(run.row("under the agent (run)")).matches(".*" + SECONDS + " +" + SECONDS + " +" + SECONDS
                + " +[\\d,]+");
        assertThat(run.row("ratio under the agent / alone")).matches(".* \\d+\\.\\d{3}×");
        assertThat(run.row("result: ratio")).matches("result: ratio \\d+\\.\\d{3}×, target ≤ 1\\.05×: (met|MISSED)");
        assertThat(run.out()).contains("as fast as the child can print: 10,000 lines")
                .contains("result: the agent keeps up with");
        assertThat(run.out()).as("the agent recorded every line in output.log").doesNotContain("PROBLEM");
        assertThat(run.row("+ console echo")).matches(".* \\d+ +[+-]\\d+ +[\\d,]+");
        assertThat(run.row("split lines (ConsoleLineSplitter)")).matches(".* \\d+ +[+-]\\d+ +[\\d,]+");
        try (var left = Files.list(work)) {
            assertThat(left.filter(path -> path.getFileName().toString().startsWith("run-")))
                    .as("run directories are removed after each run").isEmpty();
        }
    }

    @Test
    void rejectsANonPositiveRate() {
        BenchRun run = BenchRun.of("output", "--lines-per-second", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--lines-per-second");
    }
}
