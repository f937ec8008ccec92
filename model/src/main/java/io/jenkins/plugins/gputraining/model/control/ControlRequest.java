package io.jenkins.plugins.gputraining.model.control;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import io.jenkins.plugins.gputraining.model.progress.ProgressJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A request to a running training: the file {@code <run-dir>/control/<id>.request.json} holding
 * {@code {"id", "action": pause|resume|cancel, "mode": suspend|checkpoint, "requested_by", "time"}}
 * (docs/progress-format.md, "Control requests"). The agent running the training takes the file and answers with an
 * event in events.jsonl carrying {@code request_id}.
 *
 * @param id unique id, {@code [A-Za-z0-9._-]{1,128}}; the answering event carries it as {@code request_id}
 * @param action pause, resume or cancel
 * @param mode how to pause ({@code null}: the run's default); only a pause has one
 * @param requestedBy who asked ({@code cli:alice}, {@code jenkins:bob}, a service token's name), for the event log
 * @param time epoch seconds of the request
 */
public record ControlRequest(String id, ControlAction action, PauseMode mode, String requestedBy, double time) {
    /** The suffix of a request file's name. */
    public static final String SUFFIX = ".request.json";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern UNSAFE_NAME = Pattern.compile("[^A-Za-z0-9._@-]");
    private static final int MAX_NAME = 100;

    public ControlRequest {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("bad control request id \"" + PrintableText.printable(id)
                    + "\"; ids are 1 to 128 of A-Z a-z 0-9 . _ -");
        }
        if (action == null) {
            throw new IllegalArgumentException("a control request needs an action");
        }
        if (mode != null && action != ControlAction.PAUSE) {
            throw new IllegalArgumentException("a pause mode applies to a pause only, not to " + action.jsonName());
        }
        requestedBy = requestedBy == null || requestedBy.isBlank() ? "unknown" : requestedBy;
    }

    /** A new request with a fresh id ({@code <epoch millis>-<random>}). */
    public static ControlRequest create(final ControlAction action, final PauseMode mode, final String requestedBy,
                                        final long epochMillis) {
        return new ControlRequest(epochMillis + "-" + UUID.randomUUID(), action, mode, requestedBy,
                epochMillis / 1000.0);
    }

    /**
     * A {@code requested_by} value: {@code <source>:<user>} with the user's characters made safe for logs and file
     * names ({@code jenkins:alice}, {@code cli:bob}); an unknown user is {@code anonymous}.
     */
    public static String requester(final String source, final String user) {
        String name = user == null || user.isBlank() ? "anonymous" : UNSAFE_NAME.matcher(user).replaceAll("_");
        return source + ":" + (name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name);
    }

    /** The name of this request's file within the control folder. */
    public String fileName() {
        return id + SUFFIX;
    }

    /** The request file's content. */
    public byte[] toJson() {
        ObjectNode json = ProgressJson.mapper().createObjectNode();
        json.put("id", id);
        json.put("action", action.jsonName());
        if (mode != null) {
            json.put("mode", mode.jsonName());
        }
        json.put("requested_by", requestedBy);
        json.put("time", time);
        try {
            return ProgressJson.mapper().writeValueAsBytes(json);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a control request", e);
        }
    }

    /**
     * Reads a request file's content.
     *
     * @param fallbackId the id from the file's name, used when the content names none
     * @throws IllegalArgumentException naming what is wrong (not JSON, an unknown action or mode, a bad id)
     */
    public static ControlRequest fromJson(final byte[] content, final String fallbackId) {
        JsonNode json;
        try {
            json = ProgressJson.mapper().readTree(content);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode mode = json.get("mode");
        return new ControlRequest(json.path("id").asText(fallbackId), ControlAction.parse(json.path("action").asText()),
                mode == null || mode.isNull() ? null : PauseMode.parse(mode.asText()),
                json.path("requested_by").asText("unknown"), json.path("time").asDouble());
    }

}
