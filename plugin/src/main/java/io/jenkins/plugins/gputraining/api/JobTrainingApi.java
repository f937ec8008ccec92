package io.jenkins.plugins.gputraining.api;

import io.jenkins.plugins.gputraining.model.analytics.AnalyticsCsv;
import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.api.ApiJson;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.jenkins.plugins.gputraining.model.api.CompareQuery;
import io.jenkins.plugins.gputraining.model.series.Overlay;
import io.jenkins.plugins.gputraining.model.series.RunCharts;
import io.jenkins.plugins.gputraining.view.RunKey;
import io.jenkins.plugins.gputraining.view.TrainedBuild;
import io.jenkins.plugins.gputraining.view.TrainingSummary;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job-level answers of the plugin's training API ({@code <job>/training/data/…}), Jenkins-free: the runs list,
 * the summary and comparisons, built from the builds' stored summaries and, for curves, their archived run
 * directories. The Stapler glue finds the builds ({@link TrainedRuns}) and checks permissions; this class builds the
 * bodies the model's training API defines, so the one dashboard reads the plugin as it reads the agent's service.
 */
public final class JobTrainingApi {
    /** What the job has recorded: the Jenkins side of the API. */
    public interface TrainedRuns {
        /** The newest builds that trained, newest first, at most {@code limit}. */
        List<TrainedBuild> latest(int limit);

        /** The stored summary of a run, if the job has such a run. */
        Optional<TrainingSummary> summary(RunKey key);

        /** A recorded run's files, loaded; empty while the run is not recorded (still running, or never archived). */
        Optional<LoadedRun> load(RunKey key);

        /** The job's name, for messages. */
        String name();
    }

    /** An answer's body: JSON, or CSV when asked for with {@code format=csv}. */
    public record Body(String text, boolean csv) {
    }

    private final TrainedRuns runs;

    public JobTrainingApi(final TrainedRuns runs) {
        this.runs = runs;
    }

    /** {@code GET data/}: the runs of the latest builds. */
    public String runs(final int limit) {
        return TrainingJson.runs(runs.latest(limit));
    }

    /** {@code GET data/analytics/summary}: the model's summary over the latest builds' runs. */
    public String summary(final int limit) {
        return TrainingJson.summary(runs.latest(limit));
    }

    /**
     * {@code GET data/analytics/compare?job_ids=12,15&curves=loss&axis=step&points=1000} (or {@code format=csv}): the
     * comparison with winners and, when asked for, the runs' curves read from their archived artifacts.
     *
     * @throws ApiRequestException 400 for a bad query, 404 for a run the job does not have
     */
    public Body compare(final String jobIds, final String curves, final String axis, final String points,
                        final String format) {
        CompareQuery query = CompareQuery.parse(jobIds, curves, axis, points);
        List<Map.Entry<RunKey, TrainingSummary>> compared = new ArrayList<>();
        List<RunCharts> series = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String id : query.runIds()) {
            RunKey key = key(id);
            TrainingSummary summary = runs.summary(key).orElseThrow(() -> noRun(key));
            compared.add(new AbstractMap.SimpleImmutableEntry<>(key, summary));
            if (query.curves() != null) {
                runs.load(key).ifPresent(loaded -> {
                    series.add(loaded.series());
                    labels.add(key.toString());
                });
            }
        }
        Comparison comparison = TrainingJson.compare(compared);
        if ("csv".equals(format)) {
            return new Body(AnalyticsCsv.comparison(comparison), true);
        }
        Overlay overlay = query.curves() == null ? null : Overlay.align(query.axis(), query.curves(), series,
                run -> labels.get(series.indexOf(run))).downsample(query.points());
        return new Body(ApiJson.comparison(comparison, overlay,
                query.curves() == null ? null : query.curves().jsonName()), false);
    }

    /**
     * A recorded run's files, loaded.
     *
     * @throws ApiRequestException 404 for a run the job does not have, 409 for one not recorded yet
     */
    public LoadedRun recorded(final String id) {
        RunKey key = key(id);
        if (runs.summary(key).isEmpty()) {
            throw noRun(key);
        }
        return runs.load(key).orElseThrow(() -> ApiRequestException.conflict("training run " + key
                + " has no recorded data yet: its files are archived when it ends"));
    }

    /** A run key from the URL, 404 when it is not one. */
    public static RunKey key(final String id) {
        try {
            return RunKey.parse(id);
        }
        catch (IllegalArgumentException e) {
            throw ApiRequestException.notFound(e.getMessage());
        }
    }

    private ApiRequestException noRun(final RunKey key) {
        return ApiRequestException.notFound("no training run " + key + " in " + runs.name());
    }
}
