package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.index.RunIndexFile;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read API over real HTTP, on real run directories. */
class ReadApiTest {
    @TempDir
    Path runs;

    private TrainingServer server;
    private Api api;

    @BeforeEach
    void start() throws Exception {
        RunFixture.run(runs, "alpha").startedAt(Instant.parse("2026-01-01T00:00:00Z")).gpus(2)
                .workingDirectory(runs.resolve("alpha").toString())
                .curve(20, 1.0, 2.0, 0.9, 100).gpuLoad(90.0).exited().endedAt(21).output("training alpha\nstep 1 loss 2.0\n").write();
        RunFixture.run(runs, "beta").startedAt(Instant.parse("2026-01-02T00:00:00Z")).gpus(0)
                .workingDirectory(runs.resolve("beta").toString())
                .curve(20, 1.0, 2.0, 0.8, 200).exited().endedAt(21).output("training beta\nstep 1 loss 2.0\n").write();
        RunFixture.run(runs, "gamma").status(RunStatus.FAILED).startedAt(Instant.parse("2026-01-03T00:00:00Z")).gpus(0)
                .workingDirectory(runs.resolve("gamma").toString())
                .curve(5, 1.0, 2.0, 0.8, 100).exited().endedAt(6).output("training gamma\nstep 1 loss 2.0\n").write();
        Files.createDirectories(runs.resolve("not-a-run"));
        server = TrainingServer.start(ServerConfig.builder(runs).port(0).build());
        api = new Api(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthSaysOkWithTheVersion() throws Exception {
        HttpResponse<String> response = api.get("/api/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        JsonNode health = Api.json(response);
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("version").asText()).isNotBlank();
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void listsRunsNewestFirstWithTheirFigures() throws Exception {
        // As the runner leaves them when a run ends: with their indexes.
        for (String id : List.of("alpha", "beta", "gamma")) {
            assertThat(RunIndexFile.writeFor(RunDirectory.at(runs.resolve(id)))).isTrue();
        }
        JsonNode body = Api.json(api.get("/api/training"));

        List<String> ids = new ArrayList<>();
        body.get("jobs").forEach(job -> ids.add(job.get("job_id").asText()));
        assertThat(ids).containsExactly("gamma", "beta", "alpha");
        JsonNode alpha = body.get("jobs").get(2);
        assertThat(alpha.get("name").asText()).isEqualTo("run alpha");
        assertThat(alpha.get("status").asText()).isEqualTo("completed");
        assertThat(alpha.get("started_at").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(alpha.get("ended_at").asText()).isEqualTo("2026-01-01T00:00:21Z");
        assertThat(alpha.get("exit_code").asInt()).isZero();
        assertThat(alpha.get("duration_seconds").asDouble()).isEqualTo(21.0);
        assertThat(alpha.get("overall_score").isNumber()).isTrue();
        assertThat(alpha.get("final_loss").asDouble()).isCloseTo(2.0 * Math.pow(0.9, 19), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(alpha.get("alert_count").asInt()).isZero();
        assertThat(alpha.at("/latest/step").asLong()).isEqualTo(20);
        assertThat(alpha.at("/latest/samples_per_second").asDouble()).isEqualTo(100.0);
        assertThat(alpha.at("/latest/loss").asDouble()).isCloseTo(alpha.get("final_loss").asDouble(),
                org.assertj.core.data.Offset.offset(1e-4));
        assertThat(body.get("jobs").get(0).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void listsARunWithoutAnIndexFromProgressJsonAndIndexesItInTheBackground() throws Exception {
        JsonNode first = Api.json(api.get("/api/training")).get("jobs").get(2);
        assertThat(first.get("job_id").asText()).isEqualTo("alpha");
        assertThat(first.get("status").asText()).isEqualTo("completed");
        assertThat(first.get("exit_code").asInt()).isZero();
        assertThat(first.at("/latest/step").asLong()).isEqualTo(20);

        JsonNode later = first;
        for (int attempt = 0; attempt < 600 && later.get("overall_score").isNull(); attempt++) {
            Thread.sleep(50);
            later = Api.json(api.get("/api/training")).get("jobs").get(2);
        }
        assertThat(later.get("overall_score").isNumber()).as("indexed in the background").isTrue();
        assertThat(later.get("duration_seconds").asDouble()).isEqualTo(21.0);
        assertThat(runs.resolve("alpha").resolve(RunIndexFile.NAME)).as("and stored").isRegularFile();
    }

    @Test
    void statusIsProgressJsonAsStored() throws Exception {
        HttpResponse<String> response = api.get("/api/training/beta");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Files.readString(runs.resolve("beta/progress.json")));
        assertThat(Api.json(response).get("format").asText()).isEqualTo("gpu-training/progress@1");
    }

    @Test
    void analyticsAsJsonAndCsv() throws Exception {
        JsonNode analytics = Api.json(api.get("/api/training/alpha/analytics"));
        assertThat(analytics.get("job_id").asText()).isEqualTo("alpha");
        assertThat(analytics.at("/performance/average_samples_per_second").asDouble()).isEqualTo(100.0);
        assertThat(analytics.at("/resource_utilization/gpu_count").asInt()).isEqualTo(2);

        HttpResponse<String> csv = api.get("/api/training/alpha/analytics?format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("attachment", "alpha-analytics.csv");
        assertThat(csv.body()).startsWith("key,value").contains("performance.average_samples_per_second,100");
    }

    @Test
    void summaryIsNotTakenForARunAndExportsCsv() throws Exception {
        JsonNode summary = Api.json(api.get("/api/training/analytics/summary"));
        assertThat(summary.get("total_jobs").asInt()).isEqualTo(3);
        assertThat(summary.at("/jobs_by_status/completed").asInt()).isEqualTo(2);
        assertThat(summary.at("/jobs_by_status/failed").asInt()).isEqualTo(1);
        assertThat(summary.get("top_performing_jobs").isArray()).isTrue();

        HttpResponse<String> csv = api.get("/api/training/analytics/summary?format=csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("summary.csv");
        assertThat(csv.body()).contains("total_jobs,3");
    }

    @Test
    void comparesWithWinnersCurvesAndCsv() throws Exception {
        JsonNode comparison = Api.json(api.get("/api/training/analytics/compare?job_ids=alpha,beta"));
        assertThat(comparison.get("jobs")).hasSize(2);
        assertThat(comparison.at("/jobs/0/job_id").asText()).isEqualTo("alpha");
        assertThat(comparison.at("/winner/best_throughput").asText()).isEqualTo("beta");
        assertThat(comparison.at("/winner/best_loss").asText()).isEqualTo("beta");
        assertThat(comparison.has("curves")).as("curves only when asked").isFalse();

        JsonNode withCurves = Api.json(api.get("/api/training/analytics/compare?job_ids=alpha,beta&curves=loss"
                + "&axis=step&points=10"));
        JsonNode curves = withCurves.get("curves");
        assertThat(curves.get("axis").asText()).isEqualTo("step");
        assertThat(curves.get("series")).hasSize(2);
        assertThat(curves.at("/series/0/name").asText()).isEqualTo("alpha");
        assertThat(curves.at("/series/1/name").asText()).isEqualTo("beta");
        assertThat(curves.at("/series/0/points").size()).isBetween(7, 10);
        assertThat(curves.at("/series/0/points/0/0").asDouble()).isEqualTo(1.0);
        assertThat(curves.at("/series/0/points/0/1").asDouble()).isEqualTo(2.0);

        JsonNode byTime = Api.json(api.get("/api/training/analytics/compare?job_ids=beta,alpha"
                + "&curves=samples_per_second&axis=elapsed_seconds"));
        assertThat(byTime.at("/curves/axis").asText()).isEqualTo("elapsed_seconds");
        assertThat(byTime.at("/curves/series/0/points")).hasSize(20);
        assertThat(byTime.at("/curves/series/0/points/0/1").asDouble()).isEqualTo(200.0);

        HttpResponse<String> csv = api.get("/api/training/analytics/compare?job_ids=alpha,beta&format=csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("comparison.csv");
        assertThat(csv.body().lines().findFirst().orElseThrow()).startsWith("job_id,name,status,throughput")
                .endsWith("winner_of");
        assertThat(csv.body()).contains("beta,run beta,completed,200");
    }

    @Test
    void seriesOfARunDownsampled() throws Exception {
        JsonNode loss = Api.json(api.get("/api/training/alpha/series"));
        assertThat(loss.get("axis").asText()).isEqualTo("step");
        assertThat(loss.at("/series/0/name").asText()).isEqualTo("alpha");
        assertThat(loss.at("/series/0/points")).hasSize(20);

        JsonNode thin = Api.json(api.get("/api/training/alpha/series?metric=learning_rate&axis=elapsed_seconds"
                + "&points=8"));
        assertThat(thin.get("axis").asText()).isEqualTo("elapsed_seconds");
        assertThat(thin.at("/series/0/points").size()).isLessThanOrEqualTo(8);
        assertThat(thin.at("/series/0/points/0/1").asDouble()).isEqualTo(1e-3);
    }

    @Test
    void gpuSeriesHasOneSeriesPerGpuAndNoneWithoutTelemetry() throws Exception {
        JsonNode memory = Api.json(api.get("/api/training/alpha/gpu-series?metric=memory_used_mb"));
        assertThat(memory.get("axis").asText()).isEqualTo("elapsed_seconds");
        assertThat(memory.get("series")).hasSize(2);
        assertThat(memory.at("/series/1/name").asText()).isEqualTo("gpu1");
        assertThat(memory.at("/series/1/points/0/1").asDouble()).isEqualTo(2000.0);

        JsonNode none = Api.json(api.get("/api/training/beta/gpu-series"));
        assertThat(none.get("series")).isEmpty();
    }

    @Test
    void badInputIsA4xxNamingTheProblem() throws Exception {
        assertError(api.get("/api/training/bad%20id"), 400, "bad run id");
        assertError(api.get("/api/training/nope"), 404, "no run \"nope\"");
        assertError(api.get("/api/training/not-a-run"), 404, "no run \"not-a-run\"");
        assertError(api.get("/api/training/..%2F..%2Fetc%2Fpasswd"), 400, "bad run id");
        assertError(api.get("/api/training/.."), 400, "bad run id");
        assertError(api.get("/api/training/alpha/series?metric=accuracy"), 400, "bad metric \"accuracy\"");
        assertError(api.get("/api/training/alpha/series?axis=time"), 400, "bad axis");
        assertError(api.get("/api/training/alpha/series?points=100000"), 400, "bad points");
        assertError(api.get("/api/training/alpha/series?points=abc"), 400, "bad points");
        assertError(api.get("/api/training/alpha/gpu-series?metric=loss"), 400, "bad metric");
        assertError(api.get("/api/training/alpha/analytics?format=xml"), 400, "bad format");
        assertError(api.get("/api/training/analytics/compare"), 400, "job_ids is required");
        assertError(api.get("/api/training/analytics/compare?job_ids=alpha,alpha"), 400, "listed twice");
        assertError(api.get("/api/training/analytics/compare?job_ids=alpha,,beta"), 400, "empty entry");
        assertError(api.get("/api/training/analytics/compare?job_ids=alpha,nope"), 404, "no run \"nope\"");
        assertError(api.get("/api/training/analytics/compare?job_ids=alpha,..%2Fx"), 400, "bad run id");
        StringBuilder many = new StringBuilder("alpha");
        for (int i = 0; i < 20; i++) {
            many.append(",r").append(i);
        }
        assertError(api.get("/api/training/analytics/compare?job_ids=" + many), 400, "too many run ids: 21");
        assertError(api.get("/api/training/analytics/compare?job_ids=alpha,beta&curves=accuracy"), 400,
                "bad curves");
        assertError(api.get("/api/nothing/here"), 404, "no such endpoint");
        assertError(api.get("/api/training/alpha/whatever"), 404, "no such endpoint");
    }

    @Test
    void anUnreadableRunIsA422AndListedAsUnreadable() throws Exception {
        Files.createDirectories(runs.resolve("broken"));
        Files.writeString(runs.resolve("broken/progress.json"), "{not json");

        HttpResponse<String> response = api.get("/api/training/broken/analytics");
        assertError(response, 422, "the run cannot be read");
        assertThat(response.body()).doesNotContain(runs.toRealPath().toString());
        JsonNode list = Api.json(api.get("/api/training"));
        assertThat(list.get("jobs")).hasSize(3);
        assertThat(list.get("unreadable_runs").get(0).asText()).startsWith("broken: ");
        JsonNode summary = Api.json(api.get("/api/training/analytics/summary"));
        assertThat(summary.get("total_jobs").asInt()).isEqualTo(3);
        assertThat(summary.get("unreadable_runs")).hasSize(1);
    }

    @Test
    void summaryAndComparisonFollowARunThatChanges() throws Exception {
        RunFixture live = RunFixture.run(runs, "live").status(RunStatus.RUNNING).startedAt(Instant.now().minusSeconds(30)).gpus(0)
                .workingDirectory(runs.resolve("live").toString())
                .curve(3, 1.0, 5.0, 0.5, 10).exited().endedAt(4).output("training live\nstep 1 loss 5.0\n");
        live.write();
        JsonNode before = Api.json(api.get("/api/training/analytics/compare?job_ids=live,alpha"));
        assertThat(before.at("/jobs/0/final_loss").asDouble()).isEqualTo(1.25);
        assertThat(Api.json(api.get("/api/training/analytics/summary")).at("/jobs_by_status/running").asInt())
                .isEqualTo(1);

        try (RunWriter writer = RunWriter.open(live.directory())) {
            writer.appendMetric(new MetricRecord(live.time(4), 4L, null, 0.001, null, 5000.0, null, Map.of()));
        }
        JsonNode after = Api.json(api.get("/api/training/analytics/compare?job_ids=live,alpha"));
        assertThat(after.at("/jobs/0/final_loss").asDouble()).as("metrics.jsonl changed: recomputed")
                .isEqualTo(0.001);
        assertThat(after.at("/winner/best_loss").asText()).isEqualTo("live");

        // A finished run is checked by its progress.json: replacing it shows up in the summary.
        RunFixture.run(runs, "live").status(RunStatus.COMPLETED).startedAt(Instant.now().minusSeconds(30)).gpus(0)
                .workingDirectory(runs.resolve("live").toString())
                .curve(3, 1.0, 5.0, 0.5, 100).exited().endedAt(4).output("training live\nstep 1 loss 5.0\n").write();
        Thread.sleep(1100);
        JsonNode summary = Api.json(api.get("/api/training/analytics/summary"));
        assertThat(summary.at("/jobs_by_status/running").asInt()).isZero();
        assertThat(summary.at("/jobs_by_status/completed").asInt()).isEqualTo(3);
    }

    @Test
    void rootServesTheDashboardOrPointsToTheApi() throws Exception {
        HttpResponse<String> root = api.get("/");

        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        if (TrainingServer.class.getResource("/dashboard/index.html") != null) {
            assertThat(root.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(root.headers().firstValue("Content-Security-Policy")).hasValue(
                    TrainingServer.CONTENT_SECURITY_POLICY);
        }
        else {
            assertThat(Api.json(root).at("/links/jobs").asText()).isEqualTo("/api/training");
        }
    }

    @Test
    void servesEchartsFromItsWebjar() throws Exception {
        HttpResponse<String> echarts = api.get("/vendor/echarts.min.js");

        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.headers().firstValue("Content-Type").orElseThrow()).contains("javascript");
        assertThat(echarts.body()).contains("echarts");
        assertThat(echarts.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    static void assertError(final HttpResponse<String> response, final int status, final String message)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = Api.json(response);
        assertThat(body.get("error").asText()).as(response.body()).contains(message);
    }
}
