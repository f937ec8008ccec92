package io.jenkins.plugins.gputraining.model.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The ranges docs/analytics.md documents for the run analytics JSON, checked on any analytics: every number finite,
 * durations, counts, throughput and energy not negative, utilisation and scores 0–100, temperatures and power in the
 * format's ranges, the average throughput not above the peak.
 */
final class DocumentedRanges {
    private DocumentedRanges() {
    }

    static void check(final JsonNode analytics) {
        allNumbersFinite(analytics, "");
        JsonNode duration = analytics.get("duration");
        for (String key : new String[] {"total_seconds", "total_hours", "total_minutes", "paused_seconds",
                "wall_seconds"}) {
            atLeast(duration, key, 0);
        }
        JsonNode performance = analytics.get("performance");
        atLeast(performance, "average_samples_per_second", 0);
        atLeast(performance, "peak_samples_per_second", 0);
        atLeast(performance, "average_iteration_time_seconds", 0);
        atLeast(performance, "total_samples", 0);
        atLeast(performance, "steps", 0);
        if (performance.get("average_samples_per_second").isNumber()) {
            assertThat(performance.get("average_samples_per_second").doubleValue())
                    .as("average throughput ≤ peak").isLessThanOrEqualTo(
                            performance.get("peak_samples_per_second").doubleValue() * (1 + 1e-9));
        }
        JsonNode resources = analytics.get("resource_utilization");
        between(resources, "average_gpu_utilization_percent", 0, 100);
        between(resources, "peak_gpu_utilization_percent", 0, 100);
        atLeast(resources, "peak_gpu_memory_mb", 0);
        between(resources, "average_temperature_c", -40, 200);
        between(resources, "peak_temperature_c", -40, 200);
        between(resources, "average_power_watts", 0, 10_000);
        atLeast(resources, "energy_wh", 0);
        between(resources, "gpu_count", 0, 1024);
        atLeast(resources, "samples", 0);
        JsonNode efficiency = analytics.get("efficiency");
        for (Iterator<String> scores = efficiency.fieldNames(); scores.hasNext(); ) {
            between(efficiency, scores.next(), 0, 100);
        }
        atLeast(analytics.get("checkpoints"), "count", 0);
        atLeast(analytics.get("losses"), "non_finite_count", 0);
        JsonNode quality = analytics.get("data_quality");
        for (Iterator<Map.Entry<String, JsonNode>> fields = quality.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNumber()) {
                assertThat(field.getValue().longValue()).as("data_quality." + field.getKey()).isNotNegative();
            }
        }
    }

    private static void allNumbersFinite(final JsonNode node, final String path) {
        if (node.isNumber()) {
            assertThat(Double.isFinite(node.doubleValue())).as(path + " is finite").isTrue();
        }
        else if (node.isTextual()) {
            assertThat(node.textValue()).as(path + " is no number spelled as text")
                    .isNotIn("NaN", "Infinity", "-Infinity");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            allNumbersFinite(field.getValue(), path + "." + field.getKey());
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                allNumbersFinite(node.get(i), path + "." + i);
            }
        }
    }

    private static void atLeast(final JsonNode parent, final String key, final double min) {
        JsonNode value = parent.get(key);
        assertThat(value).as(key + " is present (null when unknown)").isNotNull();
        if (value.isNumber()) {
            assertThat(value.doubleValue()).as(key).isGreaterThanOrEqualTo(min);
        }
    }

    private static void between(final JsonNode parent, final String key, final double min, final double max) {
        atLeast(parent, key, min);
        JsonNode value = parent.get(key);
        if (value.isNumber()) {
            assertThat(value.doubleValue()).as(key).isLessThanOrEqualTo(max);
        }
    }
}
