package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.jenkins.plugins.gputraining.model.api.ApiJson;
import io.jenkins.plugins.gputraining.model.api.ControlBody;
import io.jenkins.plugins.gputraining.model.api.ControlAnswer;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.control.ControlFolderException;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
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
            throw ApiRequestException.forbidden("run \"" + run.id() + "\" was started with another token; only that token "
                    + "or an admin token may " + action.jsonName() + " it");
        }
        PauseMode mode = ControlBody.mode(ApiExchange.jsonObjectBody(ctx, config.maxBodyBytes(), true), action);
        ControlChannel channel = ControlChannel.of(run.path());
        ControlRequest request;
        try {
            request = channel.send(action, mode, principal.name());
        }
        catch (IllegalStateException e) {
            // Ended, or its agent is gone (no one would answer): the channel says which.
            throw ApiRequestException.conflict(e.getMessage());
        }
        catch (ControlFolderException e) {
            // The run's control/ is a link (to another run's, say) or not a folder: nothing was written.
            throw ApiRequestException.forbidden("run \"" + run.id() + "\": " + ControlChannel.FOLDER + "/ is a link or "
                    + "not a folder of the run; no request is written through it, so the run cannot be "
                    + action.pastTense() + " through the service");
        }
        Optional<ControlOutcome> outcome = channel.awaitOutcome(request, config.controlTimeout());
        ApiExchange.json(ctx, 202, ApiJson.control(new ControlAnswer(run.id(), request.id(), action, mode,
                outcome.orElse(null))));
    }

}
