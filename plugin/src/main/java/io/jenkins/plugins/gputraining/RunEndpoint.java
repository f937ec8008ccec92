package io.jenkins.plugins.gputraining;

import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.User;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.jenkins.plugins.gputraining.api.RunFiles;
import io.jenkins.plugins.gputraining.model.api.SeriesQuery;
import io.jenkins.plugins.gputraining.api.TrainingJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gputraining.model.api.ApiJson;
import io.jenkins.plugins.gputraining.model.api.ControlAnswer;
import io.jenkins.plugins.gputraining.model.api.ControlBody;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.control.ControlNote;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsCsv;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;

import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.text.PrintableText;
import io.jenkins.plugins.gputraining.view.RunKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.WebMethod;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * One training run in the job's JSON API, {@code <job>/training/data/<key>/…}: progress, analytics, series,
 * downloads (redirects to the build's artifacts) and pause/resume/cancel (POST, Item.CANCEL, CSRF crumb). A live
 * run is read from its run directory on the node (answers cached for a second); a finished one from its archived
 * artifacts.
 */
public class RunEndpoint {
    /** How long the live answers of a run are reused. */
    private static final long LIVE_CACHE_MILLIS = 1000;
    /** The most bytes of a control request's body that are read. */
    private static final int MAX_BODY_BYTES = 4096;
    /** How long a control request from the page waits for the agent's answer. */
    private static final Duration CONTROL_WAIT = Duration.ofSeconds(5);
    private static final Map<String, CachedAnswer> LIVE_CACHE = new ConcurrentHashMap<>();
    private static final String CHECKPOINT_PREFIX = "checkpoint/";

    private final Job<?, ?> job;
    private final Run<?, ?> build;
    private final TrainingBuildAction action;
    private final TrainingRun run;
    private final RunKey key;

    private record CachedAnswer(long at, String json) {
    }

    RunEndpoint(final Job<?, ?> job, final Run<?, ?> build, final TrainingBuildAction action, final TrainingRun run,
                final RunKey key) {
        this.job = job;
        this.build = build;
        this.action = action;
        this.run = run;
        this.key = key;
    }

    /** {@code GET data/<key>}: progress.json as the agent wrote it. */
    public HttpResponse doIndex() {
        return TrainingApi.answer(() -> {
            job.checkPermission(Item.READ);
            FilePath live = run.getLiveDirectory();
            try {
                if (live != null) {
                    return JsonResponse.ok(live.child(ProgressFormat.PROGRESS_FILE).readToString());
                }
                if (!run.isRecorded()) {
                    throw ApiRequestException.notFound("training run " + key + " has no recorded data (yet)");
                }
                return JsonResponse.ok(new String(ArchivedRuns.read(build, run, ProgressFormat.PROGRESS_FILE),
                        StandardCharsets.UTF_8));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiRequestException.notFound("interrupted");
            }
        });
    }

    /** {@code GET data/<key>/analytics}: the run analytics (JSON, or {@code format=csv}). */
    public HttpResponse doAnalytics(final StaplerRequest2 request) {
        return TrainingApi.answer(() -> {
            job.checkPermission(Item.READ);
            String json = live("analytics", new LiveAnalyticsCallable());
            if (json == null) {
                Object analytics = action.load(run).analytics();
                if ("csv".equals(request.getParameter("format"))) {
                    return JsonResponse.csv(AnalyticsCsv.flattened(analytics));
                }
                json = AnalyticsJson.toJson(analytics);
            }
            return JsonResponse.ok(json);
        });
    }

    /** {@code GET data/<key>/series?metric=loss&axis=step&points=1000}. */
    public HttpResponse doSeries(final StaplerRequest2 request) {
        return series(request, false);
    }

    /** {@code GET data/<key>/gpu-series?metric=utilization_percent&points=1000}. */
    @WebMethod(name = "gpu-series")
    public HttpResponse doGpuSeries(final StaplerRequest2 request) {
        return series(request, true);
    }

    private HttpResponse series(final StaplerRequest2 request, final boolean gpu) {
        return TrainingApi.answer(() -> {
            job.checkPermission(Item.READ);
            String metric = request.getParameter("metric");
            String axis = request.getParameter("axis");
            String points = request.getParameter("points");
            SeriesQuery query = gpu ? SeriesQuery.gpu(metric, points) : SeriesQuery.training(metric, axis, points);
            String json = live((gpu ? "gpu:" : "series:") + metric + ":" + axis + ":" + points,
                    new LiveSeriesCallable(gpu, metric, axis, points));
            if (json == null) {
                json = TrainingJson.series(action.load(run).series(), query);
            }
            return JsonResponse.ok(json);
        });
    }

    /** {@code data/<key>/download/<file>} and {@code download/checkpoint/<name>}: redirects to the artifact. */
    public Download getDownload() {
        job.checkPermission(Item.READ);
        return new Download();
    }

    /** {@code POST data/<key>/pause} with optional JSON body {@code {"mode": "checkpoint"}}. */
    @RequirePOST
    public HttpResponse doPause(final StaplerRequest2 request) {
        return control(ControlAction.PAUSE, request);
    }

    /** {@code POST data/<key>/resume}. */
    @RequirePOST
    public HttpResponse doResume(final StaplerRequest2 request) {
        return control(ControlAction.RESUME, request);
    }

    /** {@code POST data/<key>/cancel}: the agent stops the training (the run ends cancelled). */
    @RequirePOST
    public HttpResponse doCancel(final StaplerRequest2 request) {
        return control(ControlAction.CANCEL, request);
    }

    private HttpResponse control(final ControlAction controlAction, final StaplerRequest2 request) {
        job.checkPermission(Item.CANCEL);
        return TrainingApi.answer(() -> {
            FilePath live = run.getLiveDirectory();
            if (live == null || !build.isBuilding()) {
                throw ApiRequestException.conflict("training run " + key + " is not running under trainOnGpu, so it cannot "
                        + "be paused or resumed from Jenkins");
            }
            try {
                PauseMode mode = modeOf(request, controlAction);
                User user = User.current();
                String requestId = ControlSender.send(live, controlAction, mode,
                        ControlRequest.requester("jenkins", user == null ? null : user.getId()));
                Optional<ControlOutcome> outcome = ControlSender.await(live, requestId, CONTROL_WAIT);
                LIVE_CACHE.keySet().removeIf(cached -> cached.startsWith(cacheKey("")));
                if (outcome.isPresent() && outcome.get().accepted()) {
                    run.noteControl(ControlNote.of(controlAction, user == null ? null : user.getId(),
                            "the dashboard", Instant.now()));
                    build.save();
                }
                return JsonResponse.ok(ApiJson.control(new ControlAnswer(key.toString(), requestId, controlAction,
                        mode, outcome.orElse(null))));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiRequestException.conflict("interrupted while waiting for the agent");
            }
        });
    }

    /** The pause mode: the {@code mode} parameter, or the JSON body's {@code mode} ({@link ControlBody}). */
    private static PauseMode modeOf(final StaplerRequest2 request, final ControlAction action) throws IOException {
        String mode = request.getParameter("mode");
        if (mode != null) {
            return ControlBody.modeParameter(mode, action);
        }
        String contentType = request.getContentType();
        if (contentType == null || !contentType.startsWith("application/json")) {
            return null;
        }
        String body = new String(request.getInputStream().readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
        if (body.isBlank()) {
            return null;
        }
        JsonNode json;
        try {
            json = ApiJson.tree(body);
        }
        catch (UncheckedIOException e) {
            throw ApiRequestException.badRequest("the request body is not valid JSON");
        }
        return ControlBody.mode(json, action);
    }

    /** A live answer, computed on the node at most once a second; {@code null} when the run is not live. */
    private String live(final String what, final jenkins.MasterToSlaveFileCallable<String> call) {
        FilePath live = run.getLiveDirectory();
        if (live == null) {
            return null;
        }
        String cacheKey = cacheKey(what);
        long now = System.currentTimeMillis();
        CachedAnswer cached = LIVE_CACHE.get(cacheKey);
        if (cached != null && now - cached.at() < LIVE_CACHE_MILLIS) {
            return cached.json();
        }
        try {
            String json = live.act(call);
            LIVE_CACHE.put(cacheKey, new CachedAnswer(now, json));
            LIVE_CACHE.entrySet().removeIf(entry -> now - entry.getValue().at() > 60_000);
            return json;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiRequestException.notFound("interrupted");
        }
    }

    private String cacheKey(final String what) {
        return build.getExternalizableId() + "/" + run.getId() + "/" + what;
    }

    /**
     * Redirects downloads to the build's artifacts, which Jenkins serves (or its artifact storage does):
     * {@code download/<file>} and {@code download/checkpoint/<name>}. A web method ({@code doDynamic}), so that its
     * answers, the JSON errors included, are rendered: Stapler would dispatch what a {@code getDynamic} returns
     * against the rest of the URL.
     */
    public final class Download {
        public HttpResponse doDynamic(final StaplerRequest2 request) {
            String rest = request.getRestOfPath();
            String path = rest == null ? "" : rest.startsWith("/") ? rest.substring(1) : rest;
            if (path.startsWith(CHECKPOINT_PREFIX)) {
                return checkpoint(path.substring(CHECKPOINT_PREFIX.length()));
            }
            if (!RunFiles.isDownloadable(path)) {
                return JsonResponse.error(404, "no artifact \"" + PrintableText.printable(path)
                        + "\"; the artifacts are " + String.join(", ", RunFiles.DOWNLOADABLE));
            }
            if (!run.isRecorded()) {
                return JsonResponse.error(409, "the run's files are archived when it ends");
            }
            return redirect(run.getArtifactPath() + "/" + path);
        }

        /** An archived checkpoint. */
        private HttpResponse checkpoint(final String name) {
            for (var row : action.getCheckpoints(run)) {
                if (row.name().equals(name)) {
                    if (row.artifactPath() == null) {
                        return JsonResponse.error(404, "checkpoint \"" + PrintableText.printable(name)
                                + "\" was not archived (trainOnGpu archives checkpoints with archiveCheckpoints: true)");
                    }
                    return redirect(row.artifactPath());
                }
            }
            return JsonResponse.error(404, "no checkpoint \"" + PrintableText.printable(name) + "\" in training run "
                    + key);
        }
    }

    private HttpResponse redirect(final String artifactPath) {
        return new ArtifactRedirect(build.getUrl() + "artifact/" + artifactPath);
    }

    /** A redirect to a path below the context root. */
    private static final class ArtifactRedirect implements HttpResponse {
        private final String path;

        ArtifactRedirect(final String path) {
            this.path = path;
        }

        @Override
        public void generateResponse(final StaplerRequest2 request, final StaplerResponse2 response,
                                     final Object node) throws IOException {
            response.sendRedirect2(request.getContextPath() + "/" + path);
        }
    }
}
