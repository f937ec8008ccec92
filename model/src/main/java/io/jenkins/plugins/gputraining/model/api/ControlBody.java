package io.jenkins.plugins.gputraining.model.api;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import java.util.Iterator;

/**
 * The body of {@code POST …/{id}/pause|resume|cancel}: a pause may name its mode, {@code {"mode": "checkpoint"}};
 * resume and cancel take none. Anything else is refused, so a typo never passes for the default.
 */
public final class ControlBody {
    private ControlBody() {
    }

    /**
     * The pause mode the body asks for, or {@code null} for the run's default.
     *
     * @param body the parsed body ({@code null} or an empty object: none)
     * @throws ApiRequestException 400 naming the unknown field or the bad mode
     */
    public static PauseMode mode(final JsonNode body, final ControlAction action) {
        if (body == null || body.isNull()) {
            return null;
        }
        if (!body.isObject()) {
            throw ApiRequestException.badRequest("the request body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!"mode".equals(field) || action != ControlAction.PAUSE) {
                throw ApiRequestException.badRequest("unknown field \"" + PrintableText.printable(field) + "\"; "
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
            throw ApiRequestException.badRequest("bad \"mode\": " + e.getMessage());
        }
    }

    /**
     * The pause mode given as a {@code mode} query parameter instead of a body.
     *
     * @throws ApiRequestException 400 when the action is not a pause or the mode is unknown
     */
    public static PauseMode modeParameter(final String value, final ControlAction action) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (action != ControlAction.PAUSE) {
            throw ApiRequestException.badRequest("mode applies to a pause only, not to " + action.jsonName());
        }
        try {
            return PauseMode.parseOptional(value);
        }
        catch (IllegalArgumentException e) {
            throw ApiRequestException.badRequest("bad \"mode\": " + e.getMessage());
        }
    }
}
