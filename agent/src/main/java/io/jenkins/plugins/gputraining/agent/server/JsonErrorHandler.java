package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a request it refuses before Javalin sees it: a malformed URI, a bad header) as
 * {@code {"error": "…"}} too, instead of an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected boolean generateAcceptableResponse(final Request request, final Response response,
                                                 final Callback callback, final String contentType,
                                                 final List<Charset> charsets, final int code, final String message,
                                                 final Throwable cause) throws IOException {
        return super.generateAcceptableResponse(request, response, callback, "application/json",
                List.of(StandardCharsets.UTF_8), code, message, cause);
    }

    @Override
    protected void writeErrorJson(final Request request, final PrintWriter writer, final int code,
                                  final String message, final Throwable cause) {
        writer.write(ApiExchange.errorJson(describe(code, message)));
    }

    @Override
    public ByteBuffer badMessageError(final int status, final String reason, final HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(ApiExchange.errorJson(describe(status, reason)).getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(final int code, final String message) {
        String reason = HttpStatus.getMessage(code);
        return "HTTP " + code + " " + reason + (message == null || message.equals(reason) ? ""
                : ": " + PrintableText.printable(message));
    }
}
