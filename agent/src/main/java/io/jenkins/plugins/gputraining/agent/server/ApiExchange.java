package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Small helpers shared by the route groups: JSON and CSV responses, query parameters, bounded request bodies. */
final class ApiExchange {
    /** The mapper of the service's own JSON (request bodies, envelopes); analytics use AnalyticsJson's. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    static final String JSON_TYPE = "application/json";
    static final String CSV_TYPE = "text/csv; charset=utf-8";

    private ApiExchange() {
    }

    /** Sends a JSON text with a status. */
    static void json(final Context ctx, final int status, final String json) {
        ctx.status(status).contentType(JSON_TYPE).result(json);
    }

    /** Sends a value as JSON (the service's mapper) with a status. */
    static void json(final Context ctx, final int status, final Object value) {
        try {
            json(ctx, status, JSON.writeValueAsString(value));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The error body, {@code {"error": message}}. */
    static String errorJson(final String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("error", message);
        return error.toString();
    }

    static void error(final Context ctx, final int status, final String message) {
        json(ctx, status, errorJson(message));
    }

    /** Sends CSV as a download named {@code filename}. */
    static void csv(final Context ctx, final String csv, final String filename) {
        ctx.status(200).contentType(CSV_TYPE).header("Content-Disposition", attachment(filename)).result(csv);
    }

    /** A {@code Content-Disposition: attachment} value that survives any file name. */
    static String attachment(final String filename) {
        StringBuilder ascii = new StringBuilder();
        for (char c : filename.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' ? c : '_');
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Whether {@code format=csv} was asked for ({@code json}, the default, otherwise).
     *
     * @throws ApiRequestException 400 for another value
     */
    static boolean csvRequested(final Context ctx) {
        String format = ctx.queryParam("format");
        if (format == null || format.isEmpty() || "json".equals(format)) {
            return false;
        }
        if ("csv".equals(format)) {
            return true;
        }
        throw ApiRequestException.badRequest("bad format \"" + PrintableText.printable(format) + "\": expected json or csv");
    }

    /**
     * The request body, at most {@code maxBytes} long.
     *
     * @throws ApiRequestException 413 when it is longer
     */
    static byte[] body(final Context ctx, final int maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > maxBytes) {
                throw tooLarge(in, maxBytes, declared);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (out.size() + read > maxBytes) {
                    throw tooLarge(in, maxBytes, declared);
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        }
        catch (IOException e) {
            throw ApiRequestException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    /** Bodies up to this size are read to their end before a 413, so that the client gets to read the answer. */
    private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

    private static ApiRequestException tooLarge(final InputStream in, final int maxBytes, final long declared)
            throws IOException {
        if (declared <= DRAIN_LIMIT) {
            // A client still sending when the connection closes would see a reset instead of this answer.
            long skipped = 0;
            byte[] buffer = new byte[8192];
            int read;
            while (skipped <= DRAIN_LIMIT && (read = in.read(buffer)) >= 0) {
                skipped += read;
            }
        }
        return tooLarge(maxBytes);
    }

    private static ApiRequestException tooLarge(final int maxBytes) {
        return new ApiRequestException(413, "request body too large: the limit is " + maxBytes + " bytes");
    }

    /**
     * The request body as a JSON object; an empty body reads as {@code {}} when {@code emptyAllowed}.
     *
     * @throws ApiRequestException 400 when it is not a JSON object, 413 when too large, 415 when sent as another type
     */
    static ObjectNode jsonObjectBody(final Context ctx, final int maxBytes, final boolean emptyAllowed) {
        byte[] body = body(ctx, maxBytes);
        if (isBlank(body)) {
            if (emptyAllowed) {
                return JSON.createObjectNode();
            }
            throw ApiRequestException.badRequest("the request needs a JSON object body");
        }
        String type = ctx.header("Content-Type");
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith(JSON_TYPE)) {
            throw new ApiRequestException(415, "the request body must be JSON (Content-Type: application/json), not "
                    + PrintableText.printable(type));
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        }
        catch (IOException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw ApiRequestException.badRequest("the request body is not valid JSON: " + PrintableText.printable(reason));
        }
        if (node == null || !node.isObject()) {
            throw ApiRequestException.badRequest("the request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static boolean isBlank(final byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
