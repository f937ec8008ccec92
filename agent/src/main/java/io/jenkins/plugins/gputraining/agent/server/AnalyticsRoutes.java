package io.jenkins.plugins.gputraining.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsCsv;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.analytics.ComparisonCalculator;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.Summary;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.series.Axis;
import io.jenkins.plugins.gputraining.model.series.GpuMetric;
import io.jenkins.plugins.gputraining.model.series.MinMaxDownsampler;
import io.jenkins.plugins.gputraining.model.series.Overlay;
import io.jenkins.plugins.gputraining.model.series.OverlayCsv;
import io.jenkins.plugins.gputraining.model.series.OverlayJson;
import io.jenkins.plugins.gputraining.model.series.Series;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Analytics from the model: a run's analytics, the summary of all runs, a comparison (with overlaid curves), and a
 * run's chart series; JSON, or CSV with {@code format=csv}. Everything comes from the runs' indexes
 * ({@link io.jenkins.plugins.gputraining.model.index.RunIndexCache}): analytics and downsampled series built once per
 * run (and stored next to finished runs), brought up to date with what live runs append.
 */
final class AnalyticsRoutes {
    static final int MAX_COMPARED = 20;
    static final int DEFAULT_POINTS = 1000;
    static final int MAX_POINTS = 10_000;
    private static final List<String> TRAINING_METRICS = Arrays.stream(TrainingMetric.values())
            .map(TrainingMetric::jsonName).toList();
    private static final List<String> GPU_METRICS = Arrays.stream(GpuMetric.values()).map(GpuMetric::jsonName)
            .toList();
    private static final List<String> AXES = Arrays.stream(Axis.values()).map(Axis::jsonName).toList();

    private final RunsDirectory runs;

    AnalyticsRoutes(final RunsDirectory runs) {
        this.runs = runs;
    }

    void register(final RoutesConfig routes) {
        routes.get("/api/training/analytics/summary", this::summary);
        routes.get("/api/training/analytics/compare", this::compare);
        routes.get("/api/training/{id}/analytics", this::analytics);
        routes.get("/api/training/{id}/series", this::series);
        routes.get("/api/training/{id}/gpu-series", this::gpuSeries);
    }

    private void analytics(final Context ctx) {
        boolean csv = ApiExchange.csvRequested(ctx);
        RunsDirectory.Run run = runs.require(ctx.pathParam("id"));
        RunAnalytics analytics = runs.cache().index(run.directory()).analytics();
        if (csv) {
            ApiExchange.csv(ctx, AnalyticsCsv.flattened(analytics), run.id() + "-analytics.csv");
        }
        else {
            ApiExchange.json(ctx, 200, AnalyticsJson.toJson(analytics));
        }
    }

    private void summary(final Context ctx) {
        boolean csv = ApiExchange.csvRequested(ctx);
        List<RunDirectory> directories = runs.list().stream().map(RunsDirectory.Run::directory).toList();
        Summary summary = runs.cache().summarize(directories);
        if (csv) {
            ApiExchange.csv(ctx, AnalyticsCsv.flattened(summary), "summary.csv");
        }
        else {
            ApiExchange.json(ctx, 200, AnalyticsJson.toJson(summary));
        }
    }

    private void compare(final Context ctx) throws IOException {
        boolean csv = ApiExchange.csvRequested(ctx);
        List<RunsDirectory.Run> compared = comparedRuns(ctx.queryParam("job_ids"));
        boolean curvesAsked = ctx.queryParam("curves") != null || ctx.queryParam("axis") != null
                || ctx.queryParam("points") != null;
        TrainingMetric metric = TrainingMetric.valueOf(ApiExchange.choiceParam(ctx, "curves", "loss", TRAINING_METRICS)
                .toUpperCase(Locale.ROOT));
        Axis axis = axis(ctx);
        int points = points(ctx);
        List<RunAnalytics> analytics = new ArrayList<>();
        for (RunsDirectory.Run run : compared) {
            analytics.add(runs.cache().index(run.directory()).analytics());
        }
        Comparison comparison = ComparisonCalculator.compare(analytics);
        if (csv) {
            ApiExchange.csv(ctx, AnalyticsCsv.comparison(comparison), "comparison.csv");
            return;
        }
        ObjectNode body = (ObjectNode) AnalyticsJson.toTree(comparison);
        if (curvesAsked) {
            List<Series> series = new ArrayList<>();
            for (RunsDirectory.Run run : compared) {
                series.add(runs.cache().index(run.directory()).training(metric, axis).withName(run.id()));
            }
            Overlay overlay = Overlay.of(axis, series).downsample(points);
            ObjectNode curves = (ObjectNode) ApiExchange.JSON.readTree(OverlayJson.toJson(overlay));
            curves.put("metric", metric.jsonName());
            body.set("curves", curves);
        }
        ApiExchange.json(ctx, 200, body.toString());
    }

    private List<RunsDirectory.Run> comparedRuns(final String parameter) {
        if (parameter == null || parameter.isBlank()) {
            throw RequestRejectedException.badRequest("job_ids is required: a comma-separated list of 1 to " + MAX_COMPARED
                    + " job ids, e.g. job_ids=a,b");
        }
        String[] ids = parameter.split(",", -1);
        if (ids.length > MAX_COMPARED) {
            throw RequestRejectedException.badRequest("too many job ids: " + ids.length + " given, at most " + MAX_COMPARED
                    + " can be compared");
        }
        Set<String> seen = new HashSet<>();
        List<RunsDirectory.Run> compared = new ArrayList<>();
        for (String raw : ids) {
            String id = raw.strip();
            if (id.isEmpty()) {
                throw RequestRejectedException.badRequest("job_ids has an empty entry; separate ids with single commas");
            }
            RunsDirectory.requireValidId(id);
            if (!seen.add(id)) {
                throw RequestRejectedException.badRequest("job id \"" + id + "\" is listed twice in job_ids");
            }
            compared.add(runs.require(id));
        }
        return compared;
    }

    private void series(final Context ctx) throws IOException {
        boolean csv = ApiExchange.csvRequested(ctx);
        RunsDirectory.Run run = runs.require(ctx.pathParam("id"));
        TrainingMetric metric = TrainingMetric.valueOf(ApiExchange.choiceParam(ctx, "metric", "loss", TRAINING_METRICS)
                .toUpperCase(Locale.ROOT));
        Axis axis = axis(ctx);
        int points = points(ctx);
        Series series = runs.cache().index(run.directory()).training(metric, axis).withName(run.id());
        overlay(ctx, Overlay.of(axis, List.of(series)).downsample(points), csv,
                run.id() + "-" + metric.jsonName() + ".csv", metric.jsonName());
    }

    private void gpuSeries(final Context ctx) throws IOException {
        boolean csv = ApiExchange.csvRequested(ctx);
        RunsDirectory.Run run = runs.require(ctx.pathParam("id"));
        GpuMetric metric = GpuMetric.valueOf(ApiExchange.choiceParam(ctx, "metric", "utilization_percent", GPU_METRICS)
                .toUpperCase(Locale.ROOT));
        int points = points(ctx);
        Overlay overlay = runs.cache().index(run.directory()).gpuOverlay(metric).downsample(points);
        overlay(ctx, overlay, csv, run.id() + "-" + metric.jsonName() + ".csv", metric.jsonName());
    }

    private static void overlay(final Context ctx, final Overlay overlay, final boolean csv, final String filename,
                                final String metric) throws IOException {
        if (csv) {
            ApiExchange.csv(ctx, OverlayCsv.toCsv(overlay), filename);
            return;
        }
        JsonNode json = ApiExchange.JSON.readTree(OverlayJson.toJson(overlay));
        ((ObjectNode) json).put("metric", metric);
        ApiExchange.json(ctx, 200, json.toString());
    }

    private static Axis axis(final Context ctx) {
        return Axis.valueOf(ApiExchange.choiceParam(ctx, "axis", "step", AXES).toUpperCase(Locale.ROOT));
    }

    private static int points(final Context ctx) {
        return ApiExchange.intParam(ctx, "points", DEFAULT_POINTS, MinMaxDownsampler.MIN_POINTS, MAX_POINTS);
    }
}
