package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every error is {@code {"error": "…"}} naming the problem: refusals ({@link ApiRequestException}) with their status, bad
 * arguments 400, unreadable run files 422 (the run is there, its data is not usable), unknown routes 404, and only
 * the service's own failures 500. File-system paths are shown relative to the runs directory.
 */
final class ErrorResponses {
    private static final Logger LOGGER = Logger.getLogger(ErrorResponses.class.getName());

    private ErrorResponses() {
    }

    static void register(final RoutesConfig routes, final Path root) {
        routes.exception(ApiRequestException.class, (e, ctx) -> {
            if (e instanceof ByteRange.RangeNotSatisfiable range) {
                ctx.header("Content-Range", "bytes */" + range.size());
            }
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"gpu-training\"");
            }
            send(ctx, e.status(), withoutRoot(e.getMessage(), root));
        });
        routes.exception(ProgressException.class, (e, ctx) ->
                send(ctx, 422, "the run cannot be read: " + withoutRoot(e.getMessage(), root)));
        routes.exception(IllegalArgumentException.class, (e, ctx) ->
                send(ctx, 400, withoutRoot(e.getMessage(), root)));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            String message = e.getStatus() == 404 ? "no such endpoint: " + ctx.method() + " " + ctx.path()
                    + " (the API is under /api/training; see /api/health)"
                    : e.getMessage();
            send(ctx, e.getStatus(), message);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            LOGGER.log(Level.WARNING, "request " + ctx.method() + " " + ctx.path() + " failed", e);
            send(ctx, 500, "internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + withoutRoot(e.getMessage(), root)));
        });
    }

    private static void send(final Context ctx, final int status, final String message) {
        if (ctx.res().isCommitted()) {
            // A download was under way: the client sees a cut-off body, nothing more can be said.
            return;
        }
        ctx.removeHeader("Content-Disposition");
        ApiExchange.error(ctx, status, message);
    }

    /** A message with the runs directory's absolute path left out. */
    static String withoutRoot(final String message, final Path root) {
        if (message == null) {
            return "";
        }
        String prefix = root.toString();
        return message.replace(prefix + "/", "").replace(prefix, "<runs>");
    }
}
