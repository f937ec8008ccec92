package io.jenkins.plugins.gputraining.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import java.util.Iterator;
import java.util.Optional;

/**
 * {@code POST /api/training/{id}/pause|resume|cancel}: writes a request to the run's control channel, which the
 * agent running the job answers, and replies 202 with the agent's outcome when it came within the control timeout
 * (else {@code "outcome": null}; the outcome then shows up in events.jsonl and on the stream).
 */
final class ControlRoutes {
    private final RunsDirectory runs;
    private final AccessPolicy access;
    private final ServerConfig config;

    ControlRoutes(final RunsDirectory runs, final AccessPolicy access, final ServerConfig config) {
        this.runs = runs;
        this.access = access;
        this.config = config;
    }

    void register(final RoutesConfig routes) {
        for (ControlAction action : ControlAction.values()) {
            routes.post("/api/training/{id}/" + action.jsonName(), ctx -> control(ctx, action));
        }
    }

    private void control(final Context ctx, final ControlAction action) throws Exception {
        ApiTokens.Principal principal = access.requireWriter(ctx);
        RunsDirectory.Run run = runs.require(ctx.pathParam("id"));
        if (!RunOwner.mayControl(principal, RunOwner.read(run.path()))) {
            throw RequestRejectedException.forbidden("job \"" + run.id() + "\" was started with another token; only that token "
                    + "or an admin token may " + action.jsonName() + " it");
        }
        PauseMode mode = mode(ApiExchange.jsonObjectBody(ctx, config.maxBodyBytes(), true), action);
        if (runs.progress(run).status().isFinished()) {
            throw finished(run, action);
        }
        ControlChannel channel = ControlChannel.of(run.path());
        ControlRequest request;
        try {
            request = channel.send(action, mode, principal.name());
        }
        catch (IllegalStateException e) {
            throw finished(run, action);
        }
        Optional<ControlOutcome> outcome = channel.awaitOutcome(request, config.controlTimeout());
        ObjectNode body = ApiExchange.JSON.createObjectNode();
        body.put("job_id", run.id());
        body.put("request_id", request.id());
        body.put("action", action.jsonName());
        body.put("mode", mode == null ? null : mode.jsonName());
        if (outcome.isPresent()) {
            ObjectNode answer = body.putObject("outcome");
            answer.put("accepted", outcome.get().accepted());
            answer.put("event", outcome.get().event());
            answer.put("message", outcome.get().message());
        }
        else {
            body.putNull("outcome");
        }
        ApiExchange.json(ctx, 202, body.toString());
    }

    private RequestRejectedException finished(final RunsDirectory.Run run, final ControlAction action) {
        return RequestRejectedException.conflict("job \"" + run.id() + "\" is " + runs.progress(run).status().jsonName()
                + "; only a running or paused job can be " + pastTense(action));
    }

    private static String pastTense(final ControlAction action) {
        return switch (action) {
            case PAUSE -> "paused";
            case RESUME -> "resumed";
            case CANCEL -> "cancelled";
        };
    }

    private static PauseMode mode(final ObjectNode body, final ControlAction action) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!"mode".equals(field) || action != ControlAction.PAUSE) {
                throw RequestRejectedException.badRequest("unknown field \"" + RunsDirectory.printable(field) + "\"; "
                        + (action == ControlAction.PAUSE ? "pause accepts {\"mode\": \"suspend\" | \"checkpoint\"}"
                        : action.jsonName() + " takes no body"));
            }
        }
        JsonNode mode = body.get("mode");
        if (mode == null || mode.isNull()) {
            return null;
        }
        try {
            return PauseMode.parse(mode.isTextual() ? mode.textValue() : mode.toString());
        }
        catch (IllegalArgumentException e) {
            throw RequestRejectedException.badRequest("bad \"mode\": " + e.getMessage());
        }
    }
}
