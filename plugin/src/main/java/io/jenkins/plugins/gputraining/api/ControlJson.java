package io.jenkins.plugins.gputraining.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import java.io.IOException;

/** The JSON of pause/resume/cancel requests from the dashboard, as the agent's service answers them. */
public final class ControlJson {
    private ControlJson() {
    }

    /**
     * The answer: {@code {"request_id": …, "outcome": {"accepted", "event", "message"}}}, the outcome {@code null}
     * while the agent has not answered.
     */
    public static String answer(final String requestId, final ControlOutcome outcome) {
        ObjectNode root = AnalyticsJson.mapper().createObjectNode();
        root.put("request_id", requestId);
        if (outcome == null) {
            root.putNull("outcome");
        }
        else {
            ObjectNode node = root.putObject("outcome");
            node.put("accepted", outcome.accepted());
            node.put("event", outcome.event());
            node.put("message", outcome.message());
        }
        return root.toString();
    }

    /**
     * The {@code mode} of a JSON request body ({@code {"mode": "checkpoint"}}), or {@code null} when the body is
     * empty or names none.
     *
     * @throws TrainingApiException 400 when the body is not a JSON object or the mode not a string
     */
    public static String modeOf(final String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode json;
        try {
            json = AnalyticsJson.mapper().readTree(body);
        }
        catch (IOException e) {
            throw TrainingApiException.badRequest("the request body is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw TrainingApiException.badRequest("the request body must be a JSON object");
        }
        JsonNode mode = json.get("mode");
        if (mode == null || mode.isNull()) {
            return null;
        }
        if (!mode.isTextual()) {
            throw TrainingApiException.badRequest("mode must be a string");
        }
        return mode.asText();
    }
}
