package io.jenkins.plugins.gputraining.agent.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsCsv;
import io.jenkins.plugins.gputraining.model.api.ApiJson;
import io.jenkins.plugins.gputraining.model.api.CompareQuery;
import io.jenkins.plugins.gputraining.model.api.SeriesQuery;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.analytics.ComparisonCalculator;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.Summary;
import io.jenkins.plugins.gputraining.model.index.RunIndex;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.series.Overlay;
import io.jenkins.plugins.gputraining.model.series.OverlayCsv;
import io.jenkins.plugins.gputraining.model.series.Series;
import java.util.ArrayList;
import java.util.List;

/**
 * Analytics from the model: a run's analytics, the summary of all runs, a comparison (with overlaid curves), and a
 * run's chart series; JSON, or CSV with {@code format=csv}. Everything comes from the runs' indexes
 * ({@link io.jenkins.plugins.gputraining.model.index.RunIndexCache}): analytics and downsampled series built once per
 * run (and stored next to finished runs), brought up to date with what live runs append.
 */
final class AnalyticsRoutes {
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

    private void compare(final Context ctx) {
        boolean csv = ApiExchange.csvRequested(ctx);
        CompareQuery query = CompareQuery.parse(ctx.queryParam("job_ids"), ctx.queryParam("curves"),
                ctx.queryParam("axis"), ctx.queryParam("points"));
        List<RunsDirectory.Run> compared = new ArrayList<>();
        for (String id : query.runIds()) {
            compared.add(runs.require(id));
        }
        // One index per run serves both its analytics and its curve.
        List<RunIndex> indexes = new ArrayList<>();
        List<RunAnalytics> analytics = new ArrayList<>();
        for (RunsDirectory.Run run : compared) {
            RunIndex index = runs.cache().index(run.directory());
            indexes.add(index);
            analytics.add(index.analytics());
        }
        Comparison comparison = ComparisonCalculator.compare(analytics);
        if (csv) {
            ApiExchange.csv(ctx, AnalyticsCsv.comparison(comparison), "comparison.csv");
            return;
        }
        Overlay curves = null;
        if (query.curves() != null) {
            List<Series> series = new ArrayList<>();
            for (int i = 0; i < compared.size(); i++) {
                series.add(indexes.get(i).training(query.curves(), query.axis()).withName(compared.get(i).id()));
            }
            curves = Overlay.of(query.axis(), series).downsample(query.points());
        }
        ApiExchange.json(ctx, 200, ApiJson.comparison(comparison, curves,
                query.curves() == null ? null : query.curves().jsonName()));
    }

    private void series(final Context ctx) {
        boolean csv = ApiExchange.csvRequested(ctx);
        RunsDirectory.Run run = runs.require(ctx.pathParam("id"));
        SeriesQuery query = SeriesQuery.training(ctx.queryParam("metric"), ctx.queryParam("axis"),
                ctx.queryParam("points"));
        Series series = runs.cache().index(run.directory()).training(query.trainingMetric(), query.axis())
                .withName(run.id());
        answer(ctx, Overlay.of(query.axis(), List.of(series)).downsample(query.points()), csv, run, query);
    }

    private void gpuSeries(final Context ctx) {
        boolean csv = ApiExchange.csvRequested(ctx);
        RunsDirectory.Run run = runs.require(ctx.pathParam("id"));
        SeriesQuery query = SeriesQuery.gpu(ctx.queryParam("metric"), ctx.queryParam("points"));
        Overlay overlay = runs.cache().index(run.directory()).gpuOverlay(query.gpuMetric()).downsample(query.points());
        answer(ctx, overlay, csv, run, query);
    }

    private static void answer(final Context ctx, final Overlay overlay, final boolean csv,
                               final RunsDirectory.Run run, final SeriesQuery query) {
        if (csv) {
            ApiExchange.csv(ctx, OverlayCsv.toCsv(overlay), run.id() + "-" + query.metricName() + ".csv");
        }
        else {
            ApiExchange.json(ctx, 200, ApiJson.series(overlay, query.metricName()));
        }
    }
}
