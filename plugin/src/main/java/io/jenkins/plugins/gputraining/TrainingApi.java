package io.jenkins.plugins.gputraining;

import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.gputraining.api.JobTrainingApi;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import io.jenkins.plugins.gputraining.view.RunKey;
import io.jenkins.plugins.gputraining.view.TrendChart;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The job's training JSON API, {@code <job>/training/data}, in the agent service's shapes (its
 * {@code /api/training} paths) so the shared dashboard reads it: the runs list ({@code data/}), the summary
 * ({@code data/analytics/summary}), comparisons ({@code data/analytics/compare?job_ids=12,15}) and one run
 * ({@code data/12/…}, see {@link RunEndpoint}). Needs Item.READ; errors are {@code {"error": …}} with a 4xx.
 */
public class TrainingApi {
    private static final Logger LOGGER = Logger.getLogger(TrainingApi.class.getName());

    private final Job<?, ?> job;

    TrainingApi(final Job<?, ?> job) {
        this.job = job;
    }

    /** {@code GET data/?limit=50}: the training runs of the latest builds. */
    public HttpResponse doIndex(final StaplerRequest2 request) {
        return answer(() -> {
            job.checkPermission(Item.READ);
            return JsonResponse.ok(api().runs(limit(request)));
        });
    }

    /** {@code data/analytics/…}. */
    public Analytics getAnalytics() {
        return new Analytics();
    }

    /**
     * {@code data/<key>/…}: one run. A key that is not a run <em>throws</em> a JSON 404: Stapler would dispatch a
     * returned response against the rest of the URL instead of rendering it.
     */
    public RunEndpoint getDynamic(final String token, final StaplerRequest2 request,
                                  final StaplerResponse2 response) {
        job.checkPermission(Item.READ);
        RunKey key;
        try {
            key = RunKey.parse(token);
        }
        catch (IllegalArgumentException e) {
            throw JsonResponse.error(404, e.getMessage());
        }
        Run<?, ?> build = job.getBuildByNumber(key.build());
        TrainingBuildAction action = build == null ? null : build.getAction(TrainingBuildAction.class);
        TrainingRun run = action == null ? null : action.getRun(key.index());
        if (run == null) {
            throw JsonResponse.error(404, "no training run " + key + " in " + job.getFullName());
        }
        return new RunEndpoint(job, build, action, run, key);
    }

    /** The Jenkins-free answers over this job's builds. */
    private JobTrainingApi api() {
        return new JobTrainingApi(new JobTrainedRuns(job));
    }

    static int limit(final StaplerRequest2 request) {
        String value = request.getParameter("limit");
        if (value == null || value.isBlank()) {
            return TrendChart.DEFAULT_BUILDS;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= TrendChart.MAX_BUILDS) {
                return limit;
            }
        }
        catch (NumberFormatException e) {
            // reported below
        }
        throw ApiRequestException.badRequest("limit must be a whole number between 1 and " + TrendChart.MAX_BUILDS);
    }

    /** Runs an endpoint, turning refusals and unreadable runs into JSON errors. */
    static HttpResponse answer(final Supplier<HttpResponse> endpoint) {
        try {
            return endpoint.get();
        }
        catch (ApiRequestException e) {
            return JsonResponse.error(e.status(), e.getMessage());
        }
        catch (ProgressException | UncheckedIOException e) {
            LOGGER.log(Level.FINE, "unreadable training run", e);
            return JsonResponse.error(404, e.getMessage());
        }
        catch (IllegalArgumentException e) {
            return JsonResponse.error(400, e.getMessage());
        }
    }

    /** {@code data/analytics/summary} and {@code data/analytics/compare}. */
    public final class Analytics {
        /** {@code GET data/analytics/summary?limit=50}: the model's summary over the latest builds' runs. */
        public HttpResponse doSummary(final StaplerRequest2 request) {
            return answer(() -> {
                job.checkPermission(Item.READ);
                return JsonResponse.ok(api().summary(limit(request)));
            });
        }

        /**
         * {@code GET data/analytics/compare?job_ids=12,15&curves=loss&axis=step&points=1000} (or
         * {@code format=csv}): the comparison with winners, and the runs' loss curves read from their artifacts.
         */
        public HttpResponse doCompare(final StaplerRequest2 request) {
            return answer(() -> {
                job.checkPermission(Item.READ);
                JobTrainingApi.Body body = api().compare(request.getParameter("job_ids"),
                        request.getParameter("curves"), request.getParameter("axis"), request.getParameter("points"),
                        request.getParameter("format"));
                return body.csv() ? JsonResponse.csv(body.text()) : JsonResponse.ok(body.text());
            });
        }
    }
}
