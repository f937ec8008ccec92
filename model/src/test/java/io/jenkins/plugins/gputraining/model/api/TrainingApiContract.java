package io.jenkins.plugins.gputraining.model.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.series.Axis;
import io.jenkins.plugins.gputraining.model.series.GpuMetric;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training API the dashboard reads, checked against its JSON Schemas (docs/schema/api) on each of the dashboard's
 * hosts: a host's test extends this class and starts the host over the runs the contract writes. Every body of the
 * API, and its refusals, must conform on every host, so the one dashboard reads both.
 */
public abstract class TrainingApiContract {
    private static final String BASE = "https://gpu-training.jenkins.io/schema/api/";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(id -> id.startsWith(BASE) ? load(id.substring(BASE.length())) : null));
    /** The run directories the contract writes: a finished run with a GPU and a checkpoint, and one without GPU. */
    protected static final List<String> RUNS = List.of("alpha", "beta");

    /** A host's answer to a GET. */
    public record Answer(int status, String body) {
        JsonNode json() {
            return ApiJson.tree(body);
        }
    }

    /** One host of the API, serving the runs the contract wrote. */
    public interface Host extends AutoCloseable {
        /**
         * Answers {@code GET <API root><path>}: {@code ""} is the runs list, {@code "/<id>/analytics"} a run's
         * analytics, {@code "/analytics/summary"} the summary, and so on (docs/rest-api.md).
         */
        Answer get(String path);

        /** The id under which the host serves a run the contract wrote (its directory's name, or a build key). */
        String idOf(String runDirectory);

        @Override
        default void close() throws Exception {
        }
    }

    @TempDir
    protected Path root;
    private Host host;

    /** Starts the host over {@code root}, where the contract wrote {@link #RUNS}. */
    protected abstract Host start(Path runs) throws Exception;

    @BeforeEach
    void writeRunsAndStartTheHost() throws Exception {
        RunFixture.run(root, "alpha").name("Alpha").curve(30, 2.0, 2.5, 0.95, 400).gpuLoad(90)
                .checkpoint(60, "checkpoint-30", 30).exited().endedAfterLastRecord().write();
        RunFixture.run(root, "beta").name("Beta").status(RunStatus.FAILED).withoutGpu("no NVIDIA driver")
                .curve(10, 1.0, 3.0, 0.9, 100).exited().endedAfterLastRecord().write();
        host = start(root);
    }

    @AfterEach
    void stopTheHost() throws Exception {
        host.close();
    }

    @Test
    void theRunsListNamesEveryRunWithEveryKey() {
        JsonNode list = conforming(host.get(""), "runs.schema.json");

        List<String> ids = new ArrayList<>();
        list.get("jobs").forEach(entry -> ids.add(entry.get("job_id").asText()));
        assertThat(ids).contains(host.idOf("alpha"), host.idOf("beta"));
    }

    @Test
    void eachRunHasItsAnalytics() {
        for (String run : RUNS) {
            JsonNode analytics = conforming(host.get("/" + host.idOf(run) + "/analytics"),
                    "run-analytics.schema.json");
            assertThat(analytics.get("losses").get("initial").isNumber()).as(run).isTrue();
        }
    }

    @Test
    void everyTrainingMetricChartsOnEveryAxis() {
        for (TrainingMetric metric : TrainingMetric.values()) {
            for (Axis axis : Axis.values()) {
                JsonNode series = conforming(host.get("/" + host.idOf("alpha") + "/series?metric="
                        + metric.jsonName() + "&axis=" + axis.jsonName() + "&points=50"), "series.schema.json");
                assertThat(series.get("metric").asText()).isEqualTo(metric.jsonName());
                assertThat(series.get("axis").asText()).isEqualTo(axis.jsonName());
            }
        }
    }

    @Test
    void everyGpuMetricCharts() {
        for (GpuMetric metric : GpuMetric.values()) {
            JsonNode series = conforming(host.get("/" + host.idOf("alpha") + "/gpu-series?metric="
                    + metric.jsonName()), "series.schema.json");
            assertThat(series.get("metric").asText()).isEqualTo(metric.jsonName());
            assertThat(series.get("axis").asText()).isEqualTo("elapsed_seconds");
        }
    }

    @Test
    void theSummaryCountsTheRuns() {
        JsonNode summary = conforming(host.get("/analytics/summary"), "summary.schema.json");

        assertThat(summary.get("total_jobs").asInt()).isGreaterThanOrEqualTo(RUNS.size());
    }

    @Test
    void comparisonsNameWinnersAndOverlayCurvesWhenAsked() {
        String ids = host.idOf("alpha") + "," + host.idOf("beta");
        JsonNode plain = conforming(host.get("/analytics/compare?job_ids=" + ids), "comparison.schema.json");
        JsonNode curves = conforming(host.get("/analytics/compare?job_ids=" + ids + "&curves=loss&axis=step"
                + "&points=100"), "comparison.schema.json");

        assertThat(plain.has("curves")).isFalse();
        assertThat(plain.get("winner").get("best_loss").asText()).isEqualTo(host.idOf("alpha"));
        assertThat(curves.get("curves").get("metric").asText()).isEqualTo("loss");
        assertThat(curves.get("curves").get("series")).hasSize(2);
    }

    @Test
    void refusalsAreErrorBodiesWithA4xxStatus() {
        String alpha = "/" + host.idOf("alpha");
        assertRefused(host.get("/no-such-run/analytics"), 404);
        assertRefused(host.get(alpha + "/series?metric=accuracy"), 400);
        assertRefused(host.get(alpha + "/series?points=3"), 400);
        assertRefused(host.get(alpha + "/gpu-series?metric=fan_speed"), 400);
        assertRefused(host.get("/analytics/compare"), 400);
        assertRefused(host.get("/analytics/compare?job_ids=" + host.idOf("alpha") + "," + host.idOf("alpha")), 400);
    }

    private static void assertRefused(final Answer answer, final int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(conforming(answer, "error.schema.json").get("error").asText()).isNotBlank();
    }

    private static JsonNode conforming(final Answer answer, final String schemaName) {
        JsonNode json = answer.json();
        Schema schema = REGISTRY.getSchema(SchemaLocation.of(BASE + schemaName));
        List<Error> errors = schema.validate(json);
        assertThat(errors).as(schemaName + " for " + answer.body()).isEmpty();
        return json;
    }

    private static String load(final String name) {
        try (InputStream in = TrainingApiContract.class.getResourceAsStream(
                "/io/jenkins/plugins/gputraining/model/progress/schema/api/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
