package io.jenkins.plugins.gputraining.api;

import io.jenkins.plugins.gputraining.model.api.SeriesQuery;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.api.ApiJson;
import io.jenkins.plugins.gputraining.model.api.RunListEntry;
import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.analytics.ComparisonCalculator;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunSummary;
import io.jenkins.plugins.gputraining.model.analytics.SummaryCalculator;
import io.jenkins.plugins.gputraining.model.series.Overlay;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;
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
     * The runs list ({@code GET …/}): the runs of the given builds, newest build first, each entry carrying its
     * build ({@code build}, {@code build_name}, {@code build_result}); the rest as the agent's service lists runs.
     */
    public static String runs(final List<TrainedBuild> newestFirst) {
        List<RunListEntry> entries = new ArrayList<>();
        for (TrainedBuild build : newestFirst) {
            for (int i = 0; i < build.runs().size(); i++) {
                TrainingSummary run = build.runs().get(i);
                entries.add(new RunListEntry(build.key(i).toString(), build.displayName() + " " + run.getDisplayName(),
                        run.getStatus(), run.getStartedAt(), run.getEndedAt(), run.getExitCode(),
                        run.getDurationSeconds(), run.getOverallScore(), run.getFinalLoss(), run.getBestLoss(),
                        run.getThroughput(), run.getAlertCount(), run.getSteps(), run.getFinalLoss(), null, null,
                        build.number(), build.displayName(), build.result()));
            }
        }
        return ApiJson.runs(entries, List.of());
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

    /** A comparison's JSON, with the loss curves ({@code curves}) when given. */
    public static String comparison(final Comparison comparison, final Overlay curves) {
        return ApiJson.comparison(comparison, curves, curves == null ? null : TrainingMetric.LOSS.jsonName());
    }

    /** One run's series for a query, downsampled ({@code series} or {@code gpu-series}). */
    public static String series(final RunCharts series, final SeriesQuery query) {
        Overlay overlay = query.trainingMetric() != null
                ? series.overlay(query.trainingMetric(), query.axis())
                : series.gpuOverlay(query.gpuMetric());
        return ApiJson.series(overlay.downsample(query.points()), query.metricName());
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

}
