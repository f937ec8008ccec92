package io.jenkins.plugins.gputraining;

import io.jenkins.plugins.gputraining.model.api.ApiJson;
import java.io.IOException;
import java.io.PrintWriter;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * A JSON answer of the training API; errors are {@code {"error": …}} with their status, never an HTML page.
 *
 * <p>Like Stapler's own {@code HttpResponses.HttpResponseException}, it is an exception too: a web method
 * ({@code doXxx}) may return it, but a getter that navigates ({@code getXxx}, {@code getDynamic}) must
 * <em>throw</em> it. Stapler dispatches whatever a getter returns against the rest of the URL and never renders it,
 * while a thrown {@link HttpResponse} is rendered ({@code HttpResponseRenderer}).
 */
final class JsonResponse extends RuntimeException implements HttpResponse {
    private static final long serialVersionUID = 1L;
    private static final String JSON = "application/json;charset=UTF-8";

    private final int status;
    private final String body;
    private final String contentType;

    private JsonResponse(final int status, final String body, final String contentType) {
        super(status + " " + body, null, false, false);
        this.status = status;
        this.body = body;
        this.contentType = contentType;
    }

    static JsonResponse ok(final String json) {
        return new JsonResponse(200, json, JSON);
    }

    static JsonResponse error(final int status, final String message) {
        return new JsonResponse(status, ApiJson.error(message), JSON);
    }

    static JsonResponse csv(final String csv) {
        return new JsonResponse(200, csv, "text/csv;charset=UTF-8");
    }

    int status() {
        return status;
    }

    String body() {
        return body;
    }

    String contentType() {
        return contentType;
    }

    @Override
    public void generateResponse(final StaplerRequest2 req, final StaplerResponse2 rsp, final Object node)
            throws IOException {
        rsp.setStatus(status);
        rsp.setContentType(contentType);
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        rsp.setHeader("Cache-Control", "no-store");
        PrintWriter writer = rsp.getWriter();
        writer.write(body);
        writer.flush();
    }
}
