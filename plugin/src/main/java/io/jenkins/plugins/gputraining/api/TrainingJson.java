package io.jenkins.plugins.gputraining.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.analytics.ComparisonCalculator;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunSummary;
import io.jenkins.plugins.gputraining.model.analytics.SummaryCalculator;
import io.jenkins.plugins.gputraining.model.series.Overlay;
import io.jenkins.plugins.gputraining.model.series.OverlayJson;
import io.jenkins.plugins.gputraining.model.series.RunCharts;
import io.jenkins.plugins.gputraining.view.RunKey;
import io.jenkins.plugins.gputraining.view.TrainedBuild;
import io.jenkins.plugins.gputraining.view.TrainingSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the plugin's training API, in the shapes of the agent's service API so that the shared
 * dashboard reads either: the runs list, the multi-run summary, comparisons (with loss curves), chart series and
 * errors. Job-level answers come from the builds' {@code build.xml} summaries; only series and curves read runs.
 */
public final class TrainingJson {
    private TrainingJson() {
    }

    private static ObjectMapper mapper() {
        return AnalyticsJson.mapper();
    }

    /**
     * The runs list ({@code GET …/}): {@code {"jobs": [{job_id, name, status, started_at, duration_seconds,
     * final_loss, best_loss, overall_score, alert_count, latest: {step}, build, build_name}]}}, newest build first.
     */
    public static String runs(final List<TrainedBuild> newestFirst) {
        ObjectNode root = mapper().createObjectNode();
        ArrayNode jobs = root.putArray("jobs");
        for (TrainedBuild build : newestFirst) {
            for (int i = 0; i < build.runs().size(); i++) {
                TrainingSummary run = build.runs().get(i);
                ObjectNode job = jobs.addObject();
                job.put("job_id", build.key(i).toString());
                job.put("name", build.displayName() + " " + run.getDisplayName());
                job.put("status", run.getStatus());
                job.put("started_at", run.getStartedAt());
                job.put("duration_seconds", run.getDurationSeconds());
                job.put("final_loss", run.getFinalLoss());
                job.put("best_loss", run.getBestLoss());
                job.put("average_samples_per_second", run.getThroughput());
                job.put("overall_score", run.getOverallScore());
                job.put("alert_count", run.getAlertCount());
                ObjectNode latest = job.putObject("latest");
                latest.put("step", run.getSteps());
                job.put("build", build.number());
                job.put("build_name", build.displayName());
                job.put("build_result", build.result());
            }
        }
        return root.toString();
    }

    /** The model's multi-run summary of the runs' stored summaries ({@code GET …/analytics/summary}). */
    public static String summary(final List<TrainedBuild> builds) {
        List<RunSummary> runs = new ArrayList<>();
        for (TrainedBuild build : builds) {
            for (int i = 0; i < build.runs().size(); i++) {
                runs.add(build.runs().get(i).toRunSummary(build.key(i).toString()));
            }
        }
        return AnalyticsJson.toJson(SummaryCalculator.summarize(runs, List.of()));
    }

    /** The model's comparison of runs by their stored summaries, each named by its key. */
    public static Comparison compare(final List<Map.Entry<RunKey, TrainingSummary>> runs) {
        List<RunAnalytics> analytics = new ArrayList<>(runs.size());
        for (Map.Entry<RunKey, TrainingSummary> run : runs) {
            analytics.add(run.getValue().toComparableAnalytics(run.getKey().toString()));
        }
        return ComparisonCalculator.compare(analytics);
    }

    /**
     * A comparison's JSON, with the loss curves by step ({@code curves}: an overlay, see {@code OverlayJson}) when
     * given.
     */
    public static String comparison(final Comparison comparison, final Overlay curves) {
        ObjectNode root = (ObjectNode) AnalyticsJson.toTree(comparison);
        if (curves != null) {
            root.set("curves", readTree(OverlayJson.toJson(curves)));
        }
        return root.toString();
    }

    /** One run's series for a query, downsampled ({@code series} or {@code gpu-series}). */
    public static String series(final RunCharts series, final SeriesQuery query) {
        Overlay overlay = query.trainingMetric() != null
                ? series.overlay(query.trainingMetric(), query.axis())
                : series.gpuOverlay(query.gpuMetric());
        return OverlayJson.toJson(overlay.downsample(query.points()));
    }

    /** The error body {@code {"error": message}}. */
    public static String error(final String message) {
        ObjectNode root = mapper().createObjectNode();
        root.put("error", message);
        return root.toString();
    }

    /** A JSON document as a plain map of lists, strings, numbers, booleans and nulls (what a pipeline step returns). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(final String json) {
        try {
            return mapper().readValue(json, Map.class);
        }
        catch (IOException e) {
            throw new UncheckedIOException("not a JSON object", e);
        }
    }

    /** A JSON tree as a plain map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(final JsonNode json) {
        return mapper().convertValue(json, Map.class);
    }

    private static JsonNode readTree(final String json) {
        try {
            return mapper().readTree(json);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
