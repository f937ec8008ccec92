package io.jenkins.plugins.gputraining.api;

import io.jenkins.plugins.gputraining.model.series.Axis;
import io.jenkins.plugins.gputraining.model.series.GpuMetric;
import io.jenkins.plugins.gputraining.model.series.MinMaxDownsampler;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;
import io.jenkins.plugins.gputraining.view.PrintableText;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The validated parameters of a series request ({@code series?metric=loss&axis=step&points=1000} or
 * {@code gpu-series?metric=utilization_percent&points=1000}), the query strings of the agent's service API.
 *
 * @param trainingMetric the training metric, or {@code null} for a GPU series
 * @param gpuMetric the GPU metric, or {@code null} for a training series
 * @param axis the x axis
 * @param points the most points per series
 */
public record SeriesQuery(TrainingMetric trainingMetric, GpuMetric gpuMetric, Axis axis, int points) {
    /** Points per series when the request names none. */
    public static final int DEFAULT_POINTS = 1000;
    /** The most points a request may ask for per series. */
    public static final int MAX_POINTS = 10_000;

    /** A training-metric query ({@code metric} defaults to {@code loss}, {@code axis} to {@code step}). */
    public static SeriesQuery training(final String metric, final String axis, final String points) {
        TrainingMetric parsedMetric = metric == null || metric.isBlank() ? TrainingMetric.LOSS
                : parse(TrainingMetric.class, metric, "metric");
        Axis parsedAxis = axis == null || axis.isBlank() ? Axis.STEP : parse(Axis.class, axis, "axis");
        return new SeriesQuery(parsedMetric, null, parsedAxis, points(points));
    }

    /** A GPU-metric query ({@code metric} defaults to {@code utilization_percent}); x is elapsed seconds. */
    public static SeriesQuery gpu(final String metric, final String points) {
        GpuMetric parsedMetric = metric == null || metric.isBlank() ? GpuMetric.UTILIZATION_PERCENT
                : parse(GpuMetric.class, metric, "metric");
        return new SeriesQuery(null, parsedMetric, Axis.ELAPSED_SECONDS, points(points));
    }

    private static int points(final String points) {
        if (points == null || points.isBlank()) {
            return DEFAULT_POINTS;
        }
        int value;
        try {
            value = Integer.parseInt(points.trim());
        }
        catch (NumberFormatException e) {
            throw TrainingApiException.badRequest("points must be a whole number, was \"" + PrintableText.printable(points) + "\"");
        }
        if (value < MinMaxDownsampler.MIN_POINTS || value > MAX_POINTS) {
            throw TrainingApiException.badRequest("points must be between " + MinMaxDownsampler.MIN_POINTS + " and "
                    + MAX_POINTS + ", was " + value);
        }
        return value;
    }

    private static <E extends Enum<E>> E parse(final Class<E> type, final String value, final String parameter) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(constant -> constant.name().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw TrainingApiException.badRequest(parameter + " must be one of " + allowed + ", was \"" + PrintableText.printable(value)
                + "\"");
    }
}
