package io.jenkins.plugins.gputraining.model.api;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import io.jenkins.plugins.gputraining.model.series.Axis;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The validated parameters of {@code analytics/compare?job_ids=a,b&curves=loss&axis=step&points=1000}: the runs to
 * compare and, when asked for, the training metric whose curves are overlaid.
 *
 * @param runIds the runs, in the order given, each once
 * @param curves the metric to overlay, or {@code null} for no curves
 * @param axis the curves' x axis
 * @param points the most points per curve
 */
public record CompareQuery(List<String> runIds, TrainingMetric curves, Axis axis, int points) {
    /** The most runs one comparison takes. */
    public static final int MAX_RUNS = 20;

    public CompareQuery {
        runIds = List.copyOf(runIds);
    }

    /**
     * Parses the query. Curves are overlaid when {@code curves} names a metric (not {@code none}), or when
     * {@code axis} or {@code points} is given (then of the loss).
     *
     * @throws ApiRequestException 400 naming what is wrong
     */
    public static CompareQuery parse(final String jobIds, final String curves, final String axis,
                                     final String points) {
        if (jobIds == null || jobIds.isBlank()) {
            throw ApiRequestException.badRequest("job_ids is required: a comma-separated list of 1 to " + MAX_RUNS
                    + " run ids, e.g. job_ids=a,b");
        }
        String[] ids = jobIds.split(",", -1);
        if (ids.length > MAX_RUNS) {
            throw ApiRequestException.badRequest("too many run ids: " + ids.length + " given, at most " + MAX_RUNS
                    + " can be compared");
        }
        Set<String> seen = new HashSet<>();
        List<String> runIds = new ArrayList<>();
        for (String raw : ids) {
            String id = raw.strip();
            if (id.isEmpty()) {
                throw ApiRequestException.badRequest("job_ids has an empty entry; separate ids with single commas");
            }
            if (!seen.add(id)) {
                throw ApiRequestException.badRequest("run id \"" + PrintableText.printable(id)
                        + "\" is listed twice in job_ids");
            }
            runIds.add(id);
        }
        boolean asked = curves != null && !curves.isBlank() && !"none".equals(curves.strip())
                || axis != null || points != null;
        TrainingMetric metric = asked ? QueryValues.choice(TrainingMetric.class,
                "none".equals(curves) ? null : curves, TrainingMetric.LOSS, TrainingMetric::jsonName, "curves")
                : null;
        return new CompareQuery(runIds, metric, SeriesQuery.axis(axis), SeriesQuery.points(points));
    }
}
