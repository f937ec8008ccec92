package io.jenkins.plugins.gputraining.model.progress;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A lifecycle transition, a line of events.jsonl.
 *
 * @param time epoch seconds of the transition
 * @param event one of the {@code STARTED}… names below, or a name a newer writer added
 * @param message a human-readable sentence, or {@code null}
 * @param extra details such as {@code pid}, {@code exit_code}, {@code signal}, {@code mode}, {@code checkpoint}
 */
public record LifecycleEvent(double time, String event, String message, Map<String, JsonNode> extra) {
    public static final String STARTED = "started";
    public static final String PAUSED = "paused";
    public static final String RESUMED = "resumed";
    public static final String CHECKPOINT = "checkpoint";
    public static final String EXITED = "exited";
    public static final String ERROR = "error";
    /** The agent asked the trainer to checkpoint and exit (a pause in checkpoint mode); {@code paused} follows. */
    public static final String CHECKPOINT_REQUESTED = "checkpoint_requested";
    /**
     * The agent found no progress (no step, no loss) in the training's output: at its first minute and at its end;
     * details {@code lines} (console lines read), {@code format}, {@code at_end}. The analytics raise
     * {@code no_progress_parsed} from it.
     */
    public static final String NO_PROGRESS = "no_progress";
    /** The detail naming the control request an event answers. */
    public static final String REQUEST_ID = "request_id";

    public LifecycleEvent {
        if (event == null || event.isBlank()) {
            throw new IllegalArgumentException("a lifecycle event needs a name");
        }
        extra = ExtraFields.copy(extra);
    }

    public static LifecycleEvent of(final double time, final String event, final String message) {
        return new LifecycleEvent(time, event, message, Map.of());
    }

    /** This event with one more detail field. */
    public LifecycleEvent with(final String field, final Object value) {
        Map<String, JsonNode> fields = new LinkedHashMap<>(extra);
        fields.put(field, value == null ? JsonNodeFactory.instance.nullNode()
                : ProgressJson.mapper().valueToTree(value));
        return new LifecycleEvent(time, event, message, fields);
    }

    /** A detail as text, or {@code null}. */
    public String detail(final String field) {
        return ProgressJson.asText(extra.get(field));
    }

    /** A detail as a number, or {@code null}. */
    public Double number(final String field) {
        return ProgressJson.asDouble(extra.get(field));
    }

    static LifecycleEvent parse(final JsonParser parser, final SkippedValues skipped)
            throws IOException, MalformedRecordException {
        Double time = null;
        String event = null;
        String message = null;
        ExtraFields extra = new ExtraFields();
        int seen = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "time" -> {
                    seen = ProgressJson.once(seen, 1, name);
                    time = ProgressJson.time(parser);
                }
                case "event" -> {
                    seen = ProgressJson.once(seen, 2, name);
                    event = ProgressJson.readString(parser);
                }
                case "message" -> {
                    seen = ProgressJson.once(seen, 4, name);
                    message = ProgressJson.readString(parser);
                }
                default -> extra.read(name, parser);
            }
        }
        if (time == null) {
            throw new MalformedRecordException("event without a numeric \"time\"");
        }
        if (event == null || event.isBlank()) {
            throw new MalformedRecordException("event without an \"event\" name");
        }
        return new LifecycleEvent(time, event, message, extra.toMap());
    }

    void write(final JsonGenerator generator) throws IOException {
        generator.writeStartObject();
        ProgressJson.writeNumber(generator, "time", time);
        generator.writeStringField("event", event);
        ProgressJson.writeString(generator, "message", message);
        ExtraFields.write(generator, extra);
        generator.writeEndObject();
    }
}
