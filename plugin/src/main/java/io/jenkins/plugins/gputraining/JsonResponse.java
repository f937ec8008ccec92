package io.jenkins.plugins.gputraining;

import io.jenkins.plugins.gputraining.model.api.ApiJson;
import java.io.IOException;
import java.io.PrintWriter;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/** A JSON answer of the training API; errors are {@code {"error": …}} with their status, never an HTML page. */
final class JsonResponse implements HttpResponse {
    private final int status;
    private final String json;
    private final String contentType;

    private JsonResponse(final int status, final String json, final String contentType) {
        this.status = status;
        this.json = json;
        this.contentType = contentType;
    }

    static JsonResponse ok(final String json) {
        return new JsonResponse(200, json, "application/json;charset=UTF-8");
    }

    static JsonResponse error(final int status, final String message) {
        return new JsonResponse(status, ApiJson.error(message), "application/json;charset=UTF-8");
    }

    static JsonResponse csv(final String csv) {
        return new JsonResponse(200, csv, "text/csv;charset=UTF-8");
    }

    @Override
    public void generateResponse(final StaplerRequest2 req, final StaplerResponse2 rsp, final Object node)
            throws IOException {
        rsp.setStatus(status);
        rsp.setContentType(contentType);
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        rsp.setHeader("Cache-Control", "no-store");
        PrintWriter writer = rsp.getWriter();
        writer.write(json);
        writer.flush();
    }
}
