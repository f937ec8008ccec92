package io.jenkins.plugins.gputraining.model.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON keys of the analytics contract (docs/analytics.md: extended, never renamed), with unknown values present as null. */
class AnalyticsJsonContractTest {
    @TempDir
    Path root;

    private final RunAnalyzer analyzer = new RunAnalyzer(Clock.fixed(RunFixture.at(100), ZoneOffset.UTC),
            AlertThresholds.defaults());

    @Test
    void runAnalyticsCarriesTheSeedKeys() {
        JsonNode json = AnalyticsJson.toTree(analyzer.analyze(RunFixture.run(root, "a").endedAt(10).withoutGpu("none")
                .loss(1, 1, 1.0).write()));

        assertThat(keys(json)).contains("job_id", "status", "duration", "performance", "resource_utilization",
                "checkpoints", "losses", "efficiency", "alerts");
        assertThat(keys(json.get("duration"))).contains("total_seconds", "total_hours", "total_minutes",
                "paused_seconds");
        assertThat(keys(json.get("performance"))).contains("average_samples_per_second", "peak_samples_per_second",
                "average_iteration_time_seconds", "total_samples");
        assertThat(keys(json.get("resource_utilization"))).contains("average_gpu_utilization_percent",
                "peak_gpu_utilization_percent", "peak_gpu_memory_mb", "average_temperature_c", "peak_temperature_c",
                "average_power_watts", "energy_wh");
        assertThat(keys(json.get("checkpoints"))).contains("count", "names");
        assertThat(keys(json.get("losses"))).contains("initial", "final", "best", "reduction_percent");
        assertThat(keys(json.get("efficiency"))).contains("gpu_utilization_score", "throughput_score",
                "overall_score");
        assertThat(json.get("resource_utilization").get("energy_wh").isNull())
                .as("unknown is null, not 0").isTrue();
        assertThat(json.get("performance").get("average_samples_per_second").isNull()).isTrue();
    }

    @Test
    void summaryAndComparisonCarryTheSeedKeys() {
        RunDirectory a = RunFixture.run(root, "a").endedAt(10).metric(1, 1L, 1.0, 10.0, null).write();
        RunDirectory b = RunFixture.run(root, "b").endedAt(10).metric(1, 1L, 0.5, 20.0, null).write();
        AnalyticsCache cache = new AnalyticsCache(analyzer, Clock.systemUTC());

        JsonNode summary = AnalyticsJson.toTree(cache.summarize(List.of(a, b)));
        JsonNode comparison = AnalyticsJson.toTree(ComparisonCalculator.compare(
                List.of(cache.analytics(a), cache.analytics(b))));

        assertThat(keys(summary)).contains("total_jobs", "jobs_by_status", "average_duration_seconds",
                "total_training_seconds", "average_throughput_samples_per_sec", "top_performing_jobs",
                "resource_trends");
        assertThat(keys(comparison)).containsExactly("jobs", "winner");
        assertThat(keys(comparison.get("jobs").get(0))).contains("job_id", "throughput", "duration_seconds",
                "gpu_utilization", "final_loss", "best_loss", "energy_wh", "overall_score");
        assertThat(keys(comparison.get("winner"))).containsExactly("best_throughput", "best_loss", "fastest",
                "most_efficient");
        assertThat(comparison.get("winner").get("best_throughput").asText()).isEqualTo("b");
    }

    private static List<String> keys(final JsonNode node) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            keys.add(names.next());
        }
        return keys;
    }
}
