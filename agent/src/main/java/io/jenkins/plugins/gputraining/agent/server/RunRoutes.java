package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.jenkins.plugins.gputraining.model.api.ApiJson;
import io.jenkins.plugins.gputraining.model.api.RunListEntry;
import io.jenkins.plugins.gputraining.model.index.RunIndexCache;
import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The jobs: {@code GET /api/training} (the list), {@code GET /api/training/{id}} (progress.json as stored) and
 * {@code POST /api/training} (start a job).
 */
final class RunRoutes {
    private final RunsDirectory runs;
    private final AccessPolicy access;
    private final RunLauncher launcher;
    private final ServerConfig config;

    RunRoutes(final RunsDirectory runs, final AccessPolicy access, final RunLauncher launcher, final ServerConfig config) {
        this.runs = runs;
        this.access = access;
        this.launcher = launcher;
        this.config = config;
    }

    void register(final RoutesConfig routes) {
        routes.get("/api/training", this::list);
        routes.post("/api/training", this::start);
        routes.get("/api/training/{id}", this::status);
    }

    /** One entry of the list, with what it is sorted by. */
    private record Entry(String startedAt, String id, RunListEntry entry) {
    }

    /**
     * The runs, from progress.json and what the runs' indexes know, never reading their records: a run whose index
     * is not built yet (or is behind a live run) is indexed in the background, and shows null where only its index
     * can tell until then.
     */
    private void list(final Context ctx) {
        List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
        List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
        runs.list().parallelStream().forEach(run -> {
            try {
                ProgressSnapshot progress = runs.progress(run);
                RunIndexCache.Status indexed = runs.cache().status(run.directory());
                if (indexed.failure() != null && indexed.summary() == null) {
                    unreadable.add(run.id() + ": " + ErrorResponses.withoutRoot(indexed.failure(), runs.root()));
                    return;
                }
                String startedAt = progress.startedAt() == null ? null : progress.startedAt().toString();
                RunOwner owner = RunOwner.read(run.path());
                entries.add(new Entry(startedAt, run.id(), RunListEntry.of(run.id(), progress, indexed.summary())
                        .withOwner(owner == null ? null : owner.name())));
            }
            catch (ProgressException | ApiRequestException e) {
                unreadable.add(run.id() + ": " + ErrorResponses.withoutRoot(e.getMessage(), runs.root()));
            }
        });
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::startedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Entry::id));
        ApiExchange.json(ctx, 200, ApiJson.runs(sorted.stream().map(Entry::entry).toList(),
                unreadable.stream().sorted().toList()));
    }

    private void status(final Context ctx) {
        RunsDirectory.Run run = runs.require(ctx.pathParam("id"));
        ApiExchange.json(ctx, 200, new String(runs.progressBytes(run), java.nio.charset.StandardCharsets.UTF_8));
    }

    private void start(final Context ctx) throws Exception {
        ApiTokens.Principal principal = access.requireWriter(ctx);
        StartRequest request = StartRequest.parse(ApiExchange.jsonObjectBody(ctx, config.maxBodyBytes(), false),
                !config.allowedCommands().isEmpty(), config.allowedEnvironment());
        RunLauncher.Started started = launcher.start(request, principal);
        String self = "/api/training/" + started.runId();
        ObjectNode body = ApiExchange.JSON.createObjectNode();
        body.put("job_id", started.runId());
        body.put("name", started.name());
        body.put("status", started.status());
        body.put("owner", principal.name());
        ObjectNode links = body.putObject("links");
        links.put("self", self);
        links.put("stream", self + "/stream");
        links.put("analytics", self + "/analytics");
        links.put("series", self + "/series");
        links.put("pause", self + "/pause");
        links.put("resume", self + "/resume");
        links.put("cancel", self + "/cancel");
        links.put("output", self + "/download/output.log");
        ctx.header("Location", self);
        ApiExchange.json(ctx, 201, body.toString());
    }
}
