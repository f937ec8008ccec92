package io.jenkins.plugins.gputraining.api;

import io.jenkins.plugins.gputraining.model.api.SeriesQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.fixtures.AnalyzedRuns;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.series.Axis;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;
import io.jenkins.plugins.gputraining.view.RunKey;
import io.jenkins.plugins.gputraining.view.TrainedBuild;
import io.jenkins.plugins.gputraining.view.TrainingSummary;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private TrainingSummary run(final String name, final double loss, final Double gpu) {
        return TrainingSummary.of(AnalyzedRuns.completed(temp.resolve(name), name, loss, gpu));
    }

    @Test
    void runsListInTheServiceShapeKeyedByBuild() throws Exception {
        List<TrainedBuild> builds = List.of(new TrainedBuild(15, "#15", "SUCCESS", List.of(run("a", 0.3, 90.0),
                TrainingSummary.running("b", "second", null))));

        JsonNode json = JSON.readTree(TrainingJson.runs(builds));

        assertThat(json.get("jobs")).hasSize(2);
        JsonNode first = json.get("jobs").get(0);
        assertThat(first.get("job_id").asText()).isEqualTo("15");
        assertThat(first.get("status").asText()).isEqualTo("completed");
        assertThat(first.get("final_loss").asDouble()).isEqualTo(0.3);
        assertThat(first.get("latest").get("step").asInt()).isEqualTo(20);
        assertThat(first.get("build").asInt()).isEqualTo(15);
        assertThat(json.get("jobs").get(1).get("job_id").asText()).isEqualTo("15.2");
        assertThat(json.get("jobs").get(1).get("final_loss").isNull()).as("unknown is null").isTrue();
    }

    @Test
    void summaryIsTheModelsSummaryOfTheStoredSummaries() throws Exception {
        List<TrainedBuild> builds = List.of(new TrainedBuild(2, "#2", "SUCCESS", List.of(run("a", 0.3, 90.0))),
                new TrainedBuild(1, "#1", "SUCCESS", List.of(run("b", 0.5, 60.0))));

        JsonNode json = JSON.readTree(TrainingJson.summary(builds));

        assertThat(json.get("total_jobs").asInt()).isEqualTo(2);
        assertThat(json.get("jobs_by_status").get("completed").asInt()).isEqualTo(2);
        assertThat(json.get("top_performing_jobs").get(0).get("job_id").asText()).isEqualTo("2");
    }

    @Test
    void comparisonOfStoredSummariesPicksTheModelsWinnersWithCurves() throws Exception {
        Comparison comparison = TrainingJson.compare(List.of(
                new AbstractMap.SimpleImmutableEntry<>(new RunKey(12, 0), run("a", 0.5, 60.0)),
                new AbstractMap.SimpleImmutableEntry<>(new RunKey(15, 0), run("b", 0.3, 95.0))));

        assertThat(comparison.winner().bestLoss()).isEqualTo("15");
        assertThat(comparison.winner().mostEfficient()).isEqualTo("15");
        JsonNode json = JSON.readTree(TrainingJson.comparison(comparison, null));
        assertThat(json.get("jobs").get(0).get("job_id").asText()).isEqualTo("12");
        assertThat(json.get("winner").get("best_loss").asText()).isEqualTo("15");
        assertThat(json.has("curves")).isFalse();

        var series = io.jenkins.plugins.gputraining.model.series.RunSeries.read(RunDirectory.at(temp.resolve("a")));
        var overlay = io.jenkins.plugins.gputraining.model.series.Overlay.align(Axis.STEP, TrainingMetric.LOSS,
                List.of(series), run -> "12");
        JsonNode withCurves = JSON.readTree(TrainingJson.comparison(comparison, overlay));
        assertThat(withCurves.get("curves").get("series").get(0).get("name").asText()).isEqualTo("12");
        assertThat(withCurves.get("curves").get("series").get(0).get("points")).hasSize(20);
    }

    @Test
    void seriesOfALoadedRunDownsampledToTheQuery() throws Exception {
        LoadedRun loaded = LoadedRun.load(RunDirectory.at(AnalyzedRuns.completedRun(temp.resolve("r"), "r", 200, 2.0,
                0.5, 100.0, 80.0)), new RunAnalyzer(), false);

        JsonNode loss = JSON.readTree(TrainingJson.series(loaded.series(), SeriesQuery.training("loss", "step",
                "50")));
        JsonNode gpu = JSON.readTree(TrainingJson.series(loaded.series(), SeriesQuery.gpu(null, null)));

        assertThat(loss.get("axis").asText()).isEqualTo("step");
        assertThat(loss.get("series").get(0).get("points").size()).isLessThanOrEqualTo(50).isGreaterThan(7);
        assertThat(gpu.get("axis").asText()).isEqualTo("elapsed_seconds");
        assertThat(gpu.get("series").get(0).get("name").asText()).isEqualTo("gpu0");
        assertThat(loaded.checkpoints()).singleElement().extracting(c -> c.name()).isEqualTo("checkpoint-200");
        assertThat(new String(loaded.progressJson())).contains("\"job_id\"");
    }

    @Test
    void stepReturnValuesArePlainSerializableMaps() {
        Map<String, Object> map = TrainingJson.toMap(AnalyticsJson.toTree(AnalyzedRuns.completed(temp.resolve("m"),
                "m", 0.4, 90.0)));

        assertThat(map).containsKeys("job_id", "losses", "efficiency", "alerts");
        assertThat(map).isInstanceOf(Serializable.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> losses = (Map<String, Object>) map.get("losses");
        assertThat(losses).containsEntry("final", 0.4).isInstanceOf(Serializable.class);
        assertThat(TrainingJson.toMap("{\"a\":[1,null]}")).containsEntry("a", java.util.Arrays.asList(1, null));
        assertThat(RunFiles.artifactFolder("train")).isEqualTo("gpu-training/train");
        assertThat(RunFiles.isDownloadable("output.log")).isTrue();
        assertThat(RunFiles.isDownloadable("../config.xml")).isFalse();
    }
}
