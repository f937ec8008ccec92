package io.jenkins.plugins.gputraining.model.api;

import io.jenkins.plugins.gputraining.model.series.Axis;
import io.jenkins.plugins.gputraining.model.series.GpuMetric;
import io.jenkins.plugins.gputraining.model.series.MinMaxDownsampler;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;

/**
 * The validated parameters of a series request: {@code series?metric=loss&axis=step&points=1000} or
 * {@code gpu-series?metric=utilization_percent&points=1000}.
 *
 * @param trainingMetric the training metric, or {@code null} for a GPU series
 * @param gpuMetric the GPU metric, or {@code null} for a training series
 * @param axis the x axis (a GPU series is always by elapsed seconds)
 * @param points the most points per series
 */
public record SeriesQuery(TrainingMetric trainingMetric, GpuMetric gpuMetric, Axis axis, int points) {
    /** Points per series when the request names none. */
    public static final int DEFAULT_POINTS = 1000;
    /** The most points a request may ask for per series. */
    public static final int MAX_POINTS = 10_000;

    /**
     * A training-metric query ({@code metric} defaults to {@code loss}, {@code axis} to {@code step}).
     *
     * @throws ApiRequestException 400 naming the bad parameter and the accepted values
     */
    public static SeriesQuery training(final String metric, final String axis, final String points) {
        return new SeriesQuery(QueryValues.choice(TrainingMetric.class, metric, TrainingMetric.LOSS,
                TrainingMetric::jsonName, "metric"), null, axis(axis), points(points));
    }

    /**
     * A GPU-metric query ({@code metric} defaults to {@code utilization_percent}); x is elapsed seconds.
     *
     * @throws ApiRequestException 400 naming the bad parameter and the accepted values
     */
    public static SeriesQuery gpu(final String metric, final String points) {
        return new SeriesQuery(null, QueryValues.choice(GpuMetric.class, metric, GpuMetric.UTILIZATION_PERCENT,
                GpuMetric::jsonName, "metric"), Axis.ELAPSED_SECONDS, points(points));
    }

    static Axis axis(final String axis) {
        return QueryValues.choice(Axis.class, axis, Axis.STEP, Axis::jsonName, "axis");
    }

    static int points(final String points) {
        return QueryValues.wholeNumber(points, DEFAULT_POINTS, MinMaxDownsampler.MIN_POINTS, MAX_POINTS, "points");
    }

    /** The metric's JSON name, as the answer's {@code metric} key carries it. */
    public String metricName() {
        return trainingMetric != null ? trainingMetric.jsonName() : gpuMetric.jsonName();
    }
}
