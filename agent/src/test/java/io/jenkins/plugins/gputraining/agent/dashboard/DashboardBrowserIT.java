package io.jenkins.plugins.gputraining.agent.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.runner.AgentProcess;
import io.jenkins.plugins.gputraining.agent.server.ApiTokens;
import io.jenkins.plugins.gputraining.agent.server.ServerConfig;
import io.jenkins.plugins.gputraining.agent.server.TrainingServer;
import io.jenkins.plugins.gputraining.model.fixtures.LiveRunFixture;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in headless Chromium against the agent's HTTP service, started in-process on a runs directory of
 * real run directories (and one real training the agent runs as a child process).
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

    private String dashboardUrl(final String route) {
        return base + "/#" + route;
    }

    private JsonNode getJson(final String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Loads the dashboard afresh at a route (a new document, not just a hash change). */
    private void open(final String route) {
        browser.driver().get("about:blank");
        browser.driver().get(dashboardUrl(route));
        browser.await(15, "the dashboard to start", driver -> driver.findElements(By.cssSelector("#view .page")).size() > 0);
    }

    private WebElement find(final String css) {
        return browser.driver().findElement(By.cssSelector(css));
    }

    private List<WebElement> findAll(final String css) {
        return browser.driver().findElements(By.cssSelector(css));
    }

    /** Asserts the browser console has no CSP violation and no error, except entries matching an allowed pattern. */
    private void assertCleanConsole(final String page, final String... allowed) {
        List<LogEntry> entries = browser.drainConsole();
        List<String> csp = entries.stream().map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy")
                        || message.contains("Content-Security-Policy"))
                .toList();
        assertThat(csp).as("CSP violations on the %s page", page).isEmpty();
        List<String> errors = entries.stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> Arrays.stream(allowed).noneMatch(message::contains))
                .toList();
        assertThat(errors).as("console errors on the %s page", page).isEmpty();
    }

    private static String chartDataScript() {
        return "const el = document.getElementById(arguments[0]);"
                + "if (!el || !window.echarts) return null;"
                + "const chart = echarts.getInstanceByDom(el); if (!chart) return null;"
                + "const option = chart.getOption();"
                + "return {canvas: el.querySelectorAll('canvas').length,"
                + " series: (option.series || []).map(s => ({name: s.name, points: (s.data || []).length,"
                + "   connectNulls: s.connectNulls}))};";
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> chartData(final String id) {
        return (Map<String, Object>) browser.script(chartDataScript(), id);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> series(final Map<String, Object> chart) {
        return (List<Map<String, Object>>) chart.get("series");
    }

    private boolean chartHasData(final String id, final int seriesCount) {
        Map<String, Object> chart = chartData(id);
        if (chart == null || ((Number) chart.get("canvas")).intValue() == 0) {
            return false;
        }
        List<Map<String, Object>> series = series(chart);
        return series.size() >= seriesCount
                && series.stream().allMatch(s -> ((Number) s.get("points")).longValue() > 0);
    }

    @Test
    void runsListShowsTheRunsWithStatusAndEfficiencyBadgeColouredByScoreBand() throws Exception {
        open("/");
        browser.await(15, "the three runs in the table", driver ->
                findAll("#runs-table tbody tr[data-job-id]").size() >= RUNS.size());

        List<String> bands = new ArrayList<>();
        for (DashboardRuns.Spec spec : RUNS) {
            WebElement row = find("#runs-table tbody tr[data-job-id='" + spec.id() + "']");
            assertThat(row.findElement(By.cssSelector("a.run-link")).getText())
                    .as("the name is shown as text, not markup").isEqualTo(spec.name());
            assertThat(row.findElement(By.cssSelector("a.run-link")).getAttribute("href"))
                    .endsWith("#/run/" + spec.id());
            assertThat(row.findElement(By.cssSelector(".status-pill")).getText()).isEqualToIgnoringCase("completed");
            assertThat(row.findElement(By.cssSelector(".status-pill")).getAttribute("class")).contains("status-completed");

            double score = getJson("/api/training/" + spec.id() + "/analytics").at("/efficiency/overall_score").asDouble();
            String band = score > 90 ? "green" : score > 70 ? "yellow" : "red";
            bands.add(band);
            WebElement badge = row.findElement(By.cssSelector(".efficiency-badge"));
            assertThat(badge.getAttribute("class")).as("badge of %s (score %s)", spec.id(), score)
                    .contains("badge-" + band);
            assertThat(badge.getText()).isEqualTo(String.format("%.1f%% efficient", score));
        }
        assertThat(bands).as("the fixtures cover every band").containsExactly("green", "yellow", "red");

        // Compare selected: two ticks enable the button, which opens the compare page with both ids.
        WebElement compare = find("#compare-selected");
        assertThat(compare.isEnabled()).isFalse();
        find("tr[data-job-id='baseline'] input.select-run").click();
        find("tr[data-job-id='lr-high'] input.select-run").click();
        assertThat(compare.isEnabled()).isTrue();
        browser.fullPageScreenshot("runs");
        assertCleanConsole("runs");
        compare.click();
        browser.await(10, "the compare page", ExpectedConditions.presenceOfElementLocated(By.id("compare-table")));
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/compare?ids=baseline,lr-high");
        assertCleanConsole("compare");
    }

    @Test
    void runPageRendersNonEmptyChartsCardsCheckpointsAndDownloads() throws Exception {
        open("/run/baseline");
        for (String chart : List.of("chart-loss", "chart-throughput", "chart-gpu-util", "chart-gpu-memory",
                "chart-gpu-temperature", "chart-gpu-power")) {
            browser.await(15, chart + " with data", driver -> chartHasData(chart, 1));
            Map<String, Object> data = chartData(chart);
            assertThat(((Number) data.get("canvas")).intValue()).as(chart + " canvas").isPositive();
            assertThat(series(data).get(0).get("connectNulls")).as(chart).isEqualTo(false);
        }
        assertThat(series(chartData("chart-loss")).get(0).get("points")).isEqualTo((long) DashboardRuns.STEPS);

        assertThat(find("#run-status").getText()).isEqualToIgnoringCase("completed");
        assertThat(find("#pause-button").isEnabled()).as("a finished run cannot be paused").isFalse();
        assertThat(find("#resume-button").isEnabled()).isFalse();
        assertThat(find("#cancel-button").isEnabled()).isFalse();
        browser.await(10, "the cards", driver -> !find("#card-loss .card-value").getText().equals("\u2014"));
        assertThat(find("#card-loss .card-value").getText()).isEqualTo("0.41");
        assertThat(find("#card-throughput .card-value").getText()).contains("samples/s");
        assertThat(find("#card-gpu-util .card-value").getText()).endsWith("%");
        assertThat(find("#card-efficiency .efficiency-badge").getAttribute("class")).contains("badge-green");
        assertThat(find("#telemetry-notice").isDisplayed()).isFalse();

        WebElement checkpoint = find("#checkpoints-table a.checkpoint-download");
        assertThat(checkpoint.getAttribute("href")).isEqualTo(base + "/api/training/baseline/download/checkpoint/checkpoint-600");
        List<String> artifacts = findAll("#artifact-links a").stream().map(a -> a.getAttribute("href")).toList();
        assertThat(artifacts).contains(base + "/api/training/baseline/download/metrics.jsonl",
                base + "/api/training/baseline/download/telemetry.jsonl",
                base + "/api/training/baseline/download/output.log");
        HttpResponse<String> log = http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/training/baseline/download/output.log")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(log.body()).contains("training Baseline");
        HttpResponse<byte[]> weights = http.send(HttpRequest.newBuilder(URI.create(checkpoint.getAttribute("href")))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(weights.statusCode()).as("checkpoint download").isEqualTo(200);

        browser.fullPageScreenshot("run");
        assertCleanConsole("run");

        // Two GPUs: one series per GPU.
        open("/run/lr-high");
        browser.await(15, "two GPU series", driver -> chartHasData("chart-gpu-util", 2));
        assertThat(find(".run-title").getText()).isEqualTo("High LR <b>5e-3</b> & \"warmup\"");
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
        RunDirectory run = RunDirectory.at(runs.resolve("live"));
        try {
            browser.await(30, "the training to run", driver -> status(run) == RunStatus.RUNNING);
            open("/run/live");
            browser.await(15, "the status", driver -> find("#run-status").getText().equalsIgnoreCase("running"));
            assertThat(find(".run-title").getText()).isEqualTo("live <i>job</i>");
            browser.await(20, "live loss points", driver -> chartHasData("chart-loss", 1));
            // The page follows the run over the WebSocket stream: points arrive without a reload or polling.
            browser.await(10, "the stream", driver -> find("#live-indicator").getAttribute("class").contains("live-live"));
            long before = lossPoints();
            browser.await(15, "streamed loss points", driver -> lossPoints() >= before + 5);
            JsonNode progress = getJson("/api/training/live");
            if (!progress.at("/telemetry/available").asBoolean()) {
                assertThat(find("#telemetry-notice").getText()).contains(progress.at("/telemetry/reason").asText());
            }
            assertThat(find("#resume-button").isEnabled()).isFalse();

            // Without the token the service refuses, and the page says why.
            WebElement token = find("#token-input");
            token.clear();
            browser.await(10, "pause enabled", ExpectedConditions.elementToBeClickable(By.id("pause-button"))).click();
            browser.await(10, "the refusal", driver -> find("#action-result").getAttribute("class").contains("result-error"));
            assertThat(find("#action-result").getText()).startsWith("Pause failed: ");
            assertThat(find("#action-result").getAttribute("aria-live")).isEqualTo("polite");
            assertThat(status(run)).isEqualTo(RunStatus.RUNNING);

            token.sendKeys(TOKEN);
            new Select(find("#pause-mode")).selectByValue("suspend");
            browser.await(10, "pause enabled", ExpectedConditions.elementToBeClickable(By.id("pause-button"))).click();
            browser.await(20, "the page to show paused", driver -> find("#run-status").getText().equalsIgnoreCase("paused"));
            assertThat(status(run)).as("progress.json").isEqualTo(RunStatus.PAUSED);
            browser.await(10, "the outcome", driver -> find("#action-result").getText().startsWith("Paused"));
            assertThat(find("#pause-button").isEnabled()).isFalse();
            assertThat((String) browser.script("return sessionStorage.getItem('gpu-training.token')")).isEqualTo(TOKEN);
            browser.fullPageScreenshot("run-paused");

            browser.await(10, "resume enabled", ExpectedConditions.elementToBeClickable(By.id("resume-button"))).click();
            browser.await(20, "the page to show running", driver -> find("#run-status").getText().equalsIgnoreCase("running"));
            assertThat(status(run)).as("progress.json").isEqualTo(RunStatus.RUNNING);
            browser.await(10, "the outcome", driver -> find("#action-result").getText().startsWith("Resumed"));

            browser.await(10, "cancel enabled", ExpectedConditions.elementToBeClickable(By.id("cancel-button"))).click();
            browser.await(5, "the confirmation", ExpectedConditions.alertIsPresent()).accept();
            browser.await(30, "the page to show cancelled", driver -> find("#run-status").getText().equalsIgnoreCase("cancelled"));
            assertThat(status(run)).isEqualTo(RunStatus.CANCELLED);
            assertCleanConsole("run (live)", "401");
        }
        finally {
            if (status(run) != RunStatus.CANCELLED) {
                agent.terminate();
            }
            agent.waitFor();
        }
    }

    private long lossPoints() {
        return ((Number) series(chartData("chart-loss")).get(0).get("points")).longValue();
    }

    private static RunStatus status(final RunDirectory run) {
        try {
            return run.readProgress().status();
        }
        catch (RuntimeException e) {
            return null;
        }
    }

    @Test
    void theRunPageAppendsStreamedMetricsAndTelemetryOnTheServersTimeAxis() throws Exception {
        try (LiveRunFixture live = LiveRunFixture.start(runs, "streamed", "Streamed run", true)) {
            open("/run/streamed");
            browser.await(15, "the stream", driver -> find("#live-indicator").getAttribute("class").contains("live-live"));
            browser.await(15, "the first GPU points", driver -> chartHasData("chart-gpu-power", 1));
            long loss = lossPoints();
            long power = points("chart-gpu-power");
            browser.await(10, "streamed points", driver -> lossPoints() >= loss + 5
                    && points("chart-gpu-power") >= power + 5);
            live.finish();
            // The x of a streamed sample is its active elapsed time, as the service's gpu-series computes it.
            double streamedLast = lastX("chart-gpu-power");
            JsonNode served = getJson("/api/training/streamed/gpu-series?metric=power_watts&points=10000")
                    .at("/series/0/points");
            double servedLast = served.get(served.size() - 1).get(0).asDouble();
            assertThat(streamedLast).isCloseTo(servedLast, org.assertj.core.data.Offset.offset(1.0));
            browser.await(15, "the end", driver -> find("#run-status").getText().equalsIgnoreCase("completed"));
            browser.await(5, "the stream to end",
                    driver -> find("#live-indicator").getAttribute("class").contains("live-ended"));
            assertCleanConsole("run (streamed)");
        }
    }

    private long points(final String chart) {
        return ((Number) series(chartData(chart)).get(0).get("points")).longValue();
    }

    private double lastX(final String chart) {
        return ((Number) browser.script("const option = echarts.getInstanceByDom(document.getElementById(arguments[0]))"
                + ".getOption(); const data = option.series[0].data; return data[data.length - 1][0];", chart))
                .doubleValue();
    }

    @Test
    void withoutTheStreamTheRunPageFallsBackToPollingEveryThreeSeconds() throws Exception {
        try (LiveRunFixture live = LiveRunFixture.start(runs, "polled", "Polled run", false)) {
            // Every WebSocket the page opens goes to a path the service does not have: the stream fails.
            Object script = browser.cdp("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "(() => { const Real = window.WebSocket; window.WebSocket = class extends Real {"
                            + " constructor(url, protocols) { super(String(url) + '-unavailable', protocols); } }; })();"))
                    .get("identifier");
            try {
                open("/run/polled");
                browser.await(15, "the polling fallback",
                        driver -> find("#live-indicator").getAttribute("class").contains("live-polling"));
                browser.await(15, "the first points", driver -> chartHasData("chart-loss", 1));
                long before = lossPoints();
                browser.await(10, "points from a poll", driver -> lossPoints() > before);
                assertThat(find("#run-status").getText()).isEqualToIgnoringCase("running");
                live.finish();
                browser.await(10, "the end of the run",
                        driver -> find("#run-status").getText().equalsIgnoreCase("completed"));
                browser.await(5, "polling to stop",
                        driver -> find("#live-indicator").getAttribute("class").contains("live-ended"));
            }
            finally {
                browser.cdp("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script));
            }
            assertCleanConsole("run (polling)", "WebSocket connection to");
        }
    }

    @Test
    void comparePageMarksTheWinnersAndOverlaysTheLossCurves() throws Exception {
        open("/compare");
        browser.await(15, "the run picker", driver -> findAll("#compare-picker input.pick-run").size() >= RUNS.size());
        assertThat(find("#compare-hint").isDisplayed()).isTrue();
        for (DashboardRuns.Spec spec : RUNS) {
            find("#compare-picker label[data-job-id='" + spec.id() + "']").click();
        }
        browser.await(15, "three rows", driver -> findAll("#compare-table tbody tr").size() == RUNS.size());
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/compare?ids=baseline,lr-high,small-batch");

        JsonNode comparison = getJson("/api/training/analytics/compare?job_ids=baseline,lr-high,small-batch");
        String lowestFinalLoss = RUNS.stream().min((a, b) -> Double.compare(a.finalLoss(), b.finalLoss()))
                .orElseThrow().id();
        assertThat(comparison.at("/winner/best_loss").asText()).isEqualTo(lowestFinalLoss);

        List<WebElement> bestLoss = findAll("#compare-table td.winner[data-winner='best_loss']");
        assertThat(bestLoss).hasSize(1);
        WebElement cell = bestLoss.get(0);
        assertThat(cell.getText()).startsWith("\u2605").contains("0.35");
        assertThat(cell.getAttribute("data-column")).isEqualTo("final_loss");
        assertThat(cell.findElement(By.xpath("./ancestor::tr")).getAttribute("data-job-id")).isEqualTo(lowestFinalLoss);

        // Every category's winner is marked in its row, and nowhere else.
        Map<String, String> columns = Map.of("best_throughput", "throughput", "fastest", "duration_seconds",
                "most_efficient", "overall_score", "best_loss", "final_loss");
        for (Map.Entry<String, String> category : columns.entrySet()) {
            String expected = comparison.at("/winner/" + category.getKey()).asText();
            List<WebElement> marked = findAll("#compare-table td.winner[data-winner='" + category.getKey() + "']");
            assertThat(marked).as(category.getKey()).hasSize(1);
            assertThat(marked.get(0).findElement(By.xpath("./ancestor::tr")).getAttribute("data-job-id"))
                    .as(category.getKey()).isEqualTo(expected);
            assertThat(marked.get(0).getAttribute("data-column")).isEqualTo(category.getValue());
            assertThat(find("#winner-" + category.getKey()).getAttribute("data-job-id")).isEqualTo(expected);
        }
        assertThat(findAll("#compare-table td.winner")).hasSize(4);
        assertThat(findAll("#compare-table td.winner .winner-mark")).hasSize(4);

        browser.await(15, "three loss curves", driver -> chartHasData("chart-compare-loss", 3));
        List<Map<String, Object>> curves = series(chartData("chart-compare-loss"));
        assertThat(curves).hasSize(3);
        assertThat(curves.stream().map(s -> (String) s.get("name")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(RUNS.stream().map(DashboardRuns.Spec::name).toArray(String[]::new));
        browser.fullPageScreenshot("compare");
        assertCleanConsole("compare");

        // Unticking one goes back to two runs.
        find("#compare-picker label[data-job-id='small-batch']").click();
        browser.await(15, "two rows", driver -> findAll("#compare-table tbody tr").size() == 2);
        browser.await(15, "two loss curves", driver -> series(chartData("chart-compare-loss")).size() == 2);
        assertCleanConsole("compare (two runs)");
    }

    @Test
    void summaryPageShowsTotalsStatusesTopRunsAndTrend() throws Exception {
        open("/summary");
        browser.await(15, "the summary", driver -> !find("#card-total-jobs .card-value").getText().equals("\u2014"));
        JsonNode summary = getJson("/api/training/analytics/summary");
        assertThat(find("#card-total-jobs .card-value").getText()).isEqualTo(summary.get("total_jobs").asText());
        assertThat(find("#jobs-by-status li[data-status='completed'] .status-count").getText())
                .isEqualTo(summary.at("/jobs_by_status/completed").asText());
        List<String> top = findAll("#top-jobs-table tbody tr").stream().map(r -> r.getAttribute("data-job-id")).toList();
        List<String> expected = new ArrayList<>();
        summary.get("top_performing_jobs").forEach(job -> expected.add(job.get("job_id").asText()));
        // Other tests add runs to the same folder, so which runs rank highest depends on the order tests run in.
        assertThat(top).isEqualTo(expected).hasSizeBetween(3, 5);
        browser.await(15, "the trend chart", driver -> chartHasData("chart-resource-trends", 3));
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

        for (String route : List.of("/", "/run/baseline", "/summary", "/compare?ids=baseline,lr-high,small-batch",
                "/nowhere")) {
            open(route);
            Thread.sleep(1500); // let the page load its data and draw
            assertCleanConsole(route);
        }
        // A run that does not exist: the page says so (the 404 answers are the only console errors).
        open("/run/no-such-run");
        browser.await(10, "the error", driver -> find("#run-error").isDisplayed());
        assertThat(find("#run-error").getText()).isEqualTo("No run with id no-such-run.");
        assertCleanConsole("/run/no-such-run", "404");

        // The check sees violations: markup with an inline style is refused and reported.
        browser.script("const div = document.createElement('div');"
                + "div.innerHTML = '<span style=\"color: red\">x</span>'; document.body.appendChild(div);");
        Thread.sleep(300);
        List<String> messages = browser.drainConsole().stream().map(LogEntry::getMessage).toList();
        assertThat(messages).anyMatch(message -> message.contains("Content Security Policy"));
    }
}
