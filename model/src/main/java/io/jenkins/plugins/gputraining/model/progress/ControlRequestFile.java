package io.jenkins.plugins.gputraining.model.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The file format of a control request (docs/progress-format.md): {@code <run-dir>/control/<id>.request.json}
 * holding {@code {"id", "action": pause|resume|cancel, "mode": suspend|checkpoint, "requested_by", "time"}}. The
 * agent running the training takes the file and answers with an event in events.jsonl carrying
 * {@code request_id}. Writers elsewhere (the Jenkins plugin on a build's node) encode requests with this class so the
 * format has one definition.
 */
public final class ControlRequestFile {
    /** The folder of pending requests inside a run directory. */
    public static final String FOLDER = "control";
    /** The suffix of a request file's name. */
    public static final String SUFFIX = ".request.json";

    private ControlRequestFile() {
    }

    /** The name of a request's file within {@link #FOLDER}. */
    public static String fileName(final String id) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("bad control request id: " + id);
        }
        return id + SUFFIX;
    }

    /**
     * Encodes a request.
     *
     * @param action {@code pause}, {@code resume} or {@code cancel}
     * @param mode {@code suspend}, {@code checkpoint}, or {@code null} for the run's default
     */
    public static byte[] encode(final String id, final String action, final String mode, final String requestedBy,
                                final double time) {
        ObjectNode json = ProgressJson.mapper().createObjectNode();
        json.put("id", id);
        json.put("action", action);
        if (mode != null) {
            json.put("mode", mode);
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
}
