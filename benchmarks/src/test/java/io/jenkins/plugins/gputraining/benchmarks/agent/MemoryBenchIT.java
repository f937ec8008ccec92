package io.jenkins.plugins.gputraining.benchmarks.agent;

import io.jenkins.plugins.gputraining.runner.nvml.FakeNvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench memory} in a small configuration: two simulated hours in about a second. */
class MemoryBenchIT {
    private static final String MB = "\\d+\\.\\d";

    @TempDir
    Path work;

    @Test
    void recordsASimulatedRunAndReportsTheAgentsResidentMemory() throws Exception {
        assumeThat(Files.isReadable(Path.of("/proc/self/status"))).as("Linux /proc").isTrue();
        String library = FakeNvml.of(FakeNvml.Variant.CURRENT).path().toString();

        BenchRun run = BenchRun.of("memory", "--hours", "2", "--speed", "3600", "--gpus", "3", "--report-every", "1",
                "--nvml-library", library, "--work", work.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("bench memory: a simulated 2 h run at 1 s sampling, 3 GPUs, in ")
                .contains("agent JVM: " + Jvm.DEFAULT_AGENT_OPTIONS)
                // a JSON line per simulated second (7,200 at least: else a PROBLEM), and its logger line, in bursts
                .containsPattern("recorded: [\\d,]+ metric records, 21,600 telemetry samples \\(\\+ [1-9][\\d,]* "
                        + "from the run's own 100 ms sampler\\), [12] checkpoints");
        for (String point : new String[] {"start", "1 h", "2 h", "end (run finalised)", "peak (VmHWM)"}) {
            assertThat(run.row(point)).matches(".* " + MB);
        }
        assertThat(run.row("result: peak")).matches("result: peak " + MB + " MB, target < 128 MB: (met|MISSED)");
        assertThat(run.row("result: end vs 1 h")).matches("result: end vs 1 h [+-]\\d+\\.\\d %, target < 10 %: "
                + "(met|MISSED)");
        assertThat(run.out()).doesNotContain("PROBLEM");
    }
}
