package io.jenkins.plugins.gputraining.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * The job page's trend charts over the last builds: final loss, throughput, GPU utilisation, training time, energy
 * and efficiency of each build's first training run, oldest build first, as JSON that {@code trend.js} hands to
 * ECharts:
 * <pre>
 * {"builds": [{"number": 12, "label": "#12", "result": "SUCCESS"}, …],
 *  "metrics": [{"id": "final_loss", "title": "Final loss", "unit": "", "values": [0.41, null, …]}, …]}
 * </pre>
 * A build whose figure is unknown has {@code null} there (a gap, never 0).
 */
public final class TrendChart {
    /** Builds a job page's trends cover unless configured otherwise. */
    public static final int DEFAULT_BUILDS = 50;
    /** The most builds a trend may cover. */
    public static final int MAX_BUILDS = 500;

    private record Metric(String id, String title, String unit, Function<TrainingSummary, Double> value) {
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("final_loss", "Final loss", "", TrainingSummary::getFinalLoss),
            new Metric("throughput", "Throughput", "samples/s", TrainingSummary::getThroughput),
            new Metric("gpu_utilization", "GPU utilisation", "%", TrainingSummary::getGpuUtilization),
            new Metric("duration_minutes", "Training time", "min",
                    summary -> summary.getDurationSeconds() == null ? null : summary.getDurationSeconds() / 60),
            new Metric("energy_wh", "GPU energy", "Wh", TrainingSummary::getEnergyWh),
            new Metric("overall_score", "Efficiency", "score", TrainingSummary::getOverallScore));

    private TrendChart() {
    }

    /** The ids of the charted metrics, in order. */
    public static List<String> metricIds() {
        return METRICS.stream().map(Metric::id).toList();
    }

    /**
     * The trend JSON.
     *
     * @param newestFirst builds with training, newest first (as a job walks them)
     * @param limit how many builds to chart at most
     */
    public static String toJson(final List<TrainedBuild> newestFirst, final int limit) {
        return toTree(newestFirst, limit).toString();
    }

    /** The trend as a JSON tree. */
    public static ObjectNode toTree(final List<TrainedBuild> newestFirst, final int limit) {
        int capped = Math.max(1, Math.min(limit, MAX_BUILDS));
        List<TrainedBuild> builds = new ArrayList<>();
        for (TrainedBuild build : newestFirst) {
            if (builds.size() == capped) {
                break;
            }
            TrainingSummary primary = build.primary();
            if (primary != null && primary.isFinished()) {
                builds.add(build);
            }
        }
        Collections.reverse(builds);
        ObjectMapper mapper = AnalyticsJson.mapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode labels = root.putArray("builds");
        for (TrainedBuild build : builds) {
            ObjectNode label = labels.addObject();
            label.put("number", build.number());
            label.put("label", build.displayName());
            label.put("result", build.result());
        }
        ArrayNode metrics = root.putArray("metrics");
        for (Metric metric : METRICS) {
            ObjectNode node = metrics.addObject();
            node.put("id", metric.id());
            node.put("title", metric.title());
            node.put("unit", metric.unit());
            ArrayNode values = node.putArray("values");
            for (TrainedBuild build : builds) {
                Double value = metric.value().apply(build.primary());
                if (value == null || !Double.isFinite(value)) {
                    values.addNull();
                }
                else {
                    values.add(value);
                }
            }
        }
        return root;
    }
}
