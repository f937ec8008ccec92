package io.jenkins.plugins.gputraining.benchmarks.agent;

import io.jenkins.plugins.gputraining.runner.nvml.FakeNvml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code bench sampler} end to end against the stand-in NVML library, and without any. */
class SamplerBenchTest {
    private static final String DURATION = "\\d+\\.\\d+ (µs|ms)";

    @Test
    void timesTheSamplerAgainstTheRawCallsItMakes() throws Exception {
        String library = FakeNvml.of(FakeNvml.Variant.CURRENT).path().toString();

        BenchRun run = BenchRun.of("sampler", "--samples", "60", "--warmup", "20", "--breakdown-rounds", "5",
                "--nvml-library", library);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("bench sampler: 2 GPU(s) [0: NVIDIA H200, 1: NVIDIA L4], driver 580.159.04, "
                + library).contains("60 measured rounds after 20 warm-up");
        assertThat(run.row("raw NVML calls the sampler makes (baseline)"))
                .matches(".*" + DURATION + " +" + DURATION + " +" + DURATION);
        assertThat(run.row("GpuSampler.sample")).matches(".*" + DURATION + " +" + DURATION + " +" + DURATION);
        assertThat(run.row("raw NVML calls, every query every round")).matches(".*" + DURATION + ".*");
        assertThat(run.row("ratio sampler / raw")).matches("ratio sampler / raw +\\d+\\.\\d{3}× +\\d+\\.\\d{3}×");
        assertThat(run.row("ratio, median of the per-round ratios")).matches(".* \\d+\\.\\d{3}×");
        assertThat(run.row("result:")).matches("result: ratio \\d+\\.\\d{3}× \\(median of per-round ratios; of the "
                + "means \\d+\\.\\d{3}×\\), target ≤ 1\\.2×: (met|MISSED)");
        // Both GPUs answer every query in the stand-in: 13 per GPU, process query included.
        assertThat(run.out()).contains("26 NVML queries per sample");
        assertThat(run.out()).contains("each NVML query alone (5 rounds").contains("pcie_rx").contains("process_memory");
    }

    @Test
    void withoutAnNvidiaLibraryExitsThreeAndSaysWhy() {
        BenchRun run = BenchRun.of("sampler", "--nvml-library", "/nonexistent/libnvidia-ml.so.1");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("bench sampler needs an NVIDIA driver: /nonexistent/libnvidia-ml.so.1 not "
                + "found");
    }
}
