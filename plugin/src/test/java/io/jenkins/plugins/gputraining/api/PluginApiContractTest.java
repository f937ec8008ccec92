package io.jenkins.plugins.gputraining.api;

import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.AlertThresholds;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.api.ApiJson;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.jenkins.plugins.gputraining.model.api.SeriesQuery;
import io.jenkins.plugins.gputraining.model.api.TrainingApiContract;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.view.RunKey;
import io.jenkins.plugins.gputraining.view.TrainedBuild;
import io.jenkins.plugins.gputraining.view.TrainingSummary;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training API contract on the plugin: its Jenkins-free answers ({@link JobTrainingApi}, {@link TrainingJson},
 * {@link LoadedRun}) over builds that each archived one of the contract's runs, routed as the plugin's Stapler
 * endpoints route {@code <job>/training/data/…} (TrainingApi, RunEndpoint). Build N holds the contract's N-th run.
 */
class PluginApiContractTest extends TrainingApiContract {
    @Override
    protected Host start(final Path runs) {
        RunAnalyzer analyzer = new RunAnalyzer(Clock.fixed(RunFixture.at(86_400), ZoneOffset.UTC),
                AlertThresholds.defaults());
        Map<RunKey, LoadedRun> loaded = new LinkedHashMap<>();
        Map<String, String> keys = new HashMap<>();
        List<TrainedBuild> newestFirst = new ArrayList<>();
        for (int i = 0; i < RUNS.size(); i++) {
            RunKey key = new RunKey(i + 1, 0);
            LoadedRun run = LoadedRun.load(RunDirectory.at(runs.resolve(RUNS.get(i))), analyzer);
            loaded.put(key, run);
            keys.put(RUNS.get(i), key.toString());
            newestFirst.add(0, new TrainedBuild(key.build(), "#" + key.build(), "SUCCESS",
                    List.of(TrainingSummary.of(run.analytics()))));
        }
        JobTrainingApi api = new JobTrainingApi(new JobTrainingApi.TrainedRuns() {
            @Override
            public List<TrainedBuild> latest(final int limit) {
                return newestFirst.subList(0, Math.min(limit, newestFirst.size()));
            }

            @Override
            public Optional<TrainingSummary> summary(final RunKey key) {
                return Optional.ofNullable(loaded.get(key)).map(run -> TrainingSummary.of(run.analytics()));
            }

            @Override
            public Optional<LoadedRun> load(final RunKey key) {
                return Optional.ofNullable(loaded.get(key));
            }

            @Override
            public String name() {
                return "ml/train";
            }
        });
        return new Host() {
            @Override
            public Answer get(final String path) {
                URI uri = URI.create("http://jenkins/job/ml/train/training/data" + path);
                Map<String, String> query = query(uri.getRawQuery());
                String[] segments = uri.getPath().substring("/job/ml/train/training/data".length()).split("/");
                try {
                    return new Answer(200, route(api, segments, query));
                }
                catch (ApiRequestException e) {
                    return new Answer(e.status(), ApiJson.error(e.getMessage()));
                }
            }

            @Override
            public String idOf(final String runDirectory) {
                return keys.get(runDirectory);
            }
        };
    }

    private static String route(final JobTrainingApi api, final String[] segments, final Map<String, String> query) {
        if (segments.length <= 1) {
            return api.runs(50);
        }
        if ("analytics".equals(segments[1]) && segments.length == 3) {
            return "summary".equals(segments[2]) ? api.summary(50) : api.compare(query.get("job_ids"),
                    query.get("curves"), query.get("axis"), query.get("points"), query.get("format")).text();
        }
        LoadedRun run = api.recorded(segments[1]);
        String what = segments.length > 2 ? segments[2] : "";
        return switch (what) {
            case "analytics" -> AnalyticsJson.toJson(run.analytics());
            case "series" -> TrainingJson.series(run.series(), SeriesQuery.training(query.get("metric"),
                    query.get("axis"), query.get("points")));
            case "gpu-series" -> TrainingJson.series(run.series(), SeriesQuery.gpu(query.get("metric"),
                    query.get("points")));
            default -> throw ApiRequestException.notFound("no such endpoint: " + what);
        };
    }

    private static Map<String, String> query(final String raw) {
        Map<String, String> parameters = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                parameters.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return parameters;
    }
}
