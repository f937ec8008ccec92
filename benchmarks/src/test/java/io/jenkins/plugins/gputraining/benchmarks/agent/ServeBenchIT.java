package io.jenkins.plugins.gputraining.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench serve} in a tiny configuration: a real service in-process, a real load generator, live run writer
 * and WebSocket clients in child JVMs. Checks the tables and that nothing failed, never the targets.
 */
class ServeBenchIT {
    private static final String MS = "\\d+\\.\\d{2} ms";
    private static final String LATENCIES = " +(\\d+) +0 +" + MS + " +" + MS + " +" + MS + " +" + MS
            + " +\\d+\\.\\d +\\d+\\.\\d{3}×";

    @TempDir
    Path data;

    @Test
    void measuresTheApiUnderLoadAndTheStreamsCpu() throws Exception {
        Path runs = data.resolve("runs");
        BenchRun run = BenchRun.of("serve", "--runs", "20", "--rate", "20", "--seconds", "3", "--warmup", "1",
                "--slice", "1", "--ws-clients", "5", "--ws-seconds", "3", "--ws-warmup", "1", "--data",
                runs.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).as(run.err()).doesNotContain("PROBLEM");
        assertThat(run.out()).startsWith("bench serve: GET at 20 requests/s on loopback, open loop");
        assertThat(run.row("/api/health (baseline)")).matches(".*" + LATENCIES);
        for (String endpoint : new String[] {"/api/training/{id}/analytics", "/api/training/analytics/summary",
                "/api/training/analytics/compare"}) {
            assertThat(run.row(endpoint)).matches(".*" + LATENCIES + " +(met|MISSED)");
        }
        assertThat(run.row("the mix, all three")).matches(".*" + LATENCIES);
        assertThat(count(run.row("the mix, all three"))).isBetween(50, 70); // 20/s for 3 s
        for (String endpoint : new String[] {"analytics", "summary", "compare"}) {
            assertThat(run.row("result: " + endpoint)).matches("result: " + endpoint + " p99 \\d+\\.\\d ms \\(health "
                    + "\\d+\\.\\d ms, \\d+\\.\\d{3}×\\), target < 50 ms: (met|MISSED)");
        }
        assertThat(run.row("cold first summary")).matches("cold first summary .*: \\d+\\.\\d{2} s, .*");
        assertThat(run.row("service CPU")).matches(".*\\d+\\.\\d %.*\\d+\\.\\d %.*\\d+\\.\\d %.*");

        assertThat(run.out()).contains("bench serve: WebSocket stream of one live run");
        assertThat(run.row("no client (baseline)"))
                .matches(".*\\d+\\.\\d{3} s +\\d+\\.\\d s +\\d+\\.\\d{2} % +0 +0 +—");
        for (String clients : new String[] {"1 client ", "5 clients"}) {
            assertThat(run.row(clients)).matches(".*\\d+\\.\\d{3} s +\\d+\\.\\d s +\\d+\\.\\d{2} % "
                    + "+[+-]\\d+\\.\\d{2} % +[\\d,]+ +[\\d,]+ +\\d+(–\\d+)?");
        }
        assertThat(run.row("of that, the JIT"))
                .matches(".*: the clients add -?\\d+\\.\\d{2} % of one core without it.*");
        assertThat(run.row("cost per message per client")).matches(".*: -?\\d+\\.\\d µs .*");
        assertThat(run.row("result: 5 clients add")).matches("result: 5 clients add -?\\d+\\.\\d{2} % of one core to "
                + "the service, target < 5 %: (met|MISSED)");
        assertThat(run.row("service's stream stats")).contains("1 watched run(s), 5 clients, 0 dropped");
        assertThat(run.row("service CPU by thread, 5 clients: ")).matches(".*: (none measured|.* \\d+\\.\\d{2} s.*)");
        assertThat(run.out()).contains("the training agent (run) is unaffected by design");
        assertThat(run.row("load average")).matches("load average \\(1, 5, 15 min\\) before: .*; after: .*");

        assertThat(runs.resolve(ServeData.MARKER)).exists();
        assertThat(runs.resolve(ServeBench.LIVE_RUN)).as("the live run is removed").doesNotExist();
        try (var children = Files.list(runs)) {
            assertThat(children.filter(Files::isDirectory).count()).isEqualTo(20);
        }
    }

    @Test
    void reusesAGeneratedDataSetAndRefusesAForeignDirectory() throws Exception {
        Path runs = data.resolve("runs");
        assertThat(ServeData.ensure(runs, 6)).isTrue();
        assertThat(ServeData.ensure(runs, 6)).as("reused").isFalse();
        assertThat(ServeData.ensure(runs, 7)).as("another size: regenerated").isTrue();

        Path foreign = Files.createDirectories(data.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        BenchRun run = BenchRun.of("serve", "--runs", "6", "--data", foreign.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is not empty and is no data set of bench serve");
        assertThat(foreign.resolve("notes.txt")).exists();
    }

    @Test
    void rejectsABadMix() {
        BenchRun run = BenchRun.of("serve", "--mix", "1:1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--mix");
    }

    @Test
    void groupsThreadsOfAPool() {
        assertThat(ThreadCpu.group("JettyServerThre")).isEqualTo("JettyServerThre");
        assertThat(ThreadCpu.group("gpu-training-st")).isEqualTo("gpu-training-st");
        assertThat(ThreadCpu.group("GC Thread#0")).isEqualTo("GC Thread");
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
        assertThat(ThreadCpu.group("load-client-12")).isEqualTo("load-client");
        assertThat(ThreadCpu.group("ForkJoinPool.co")).isEqualTo("ForkJoinPool.co");
    }

    private static int count(final String row) {
        String[] cells = row.trim().split(" {2,}");
        return Integer.parseInt(cells[1].replace(",", ""));
    }
}
