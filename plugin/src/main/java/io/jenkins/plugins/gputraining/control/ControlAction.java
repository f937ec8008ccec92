package io.jenkins.plugins.gputraining.control;

import io.jenkins.plugins.gputraining.view.Texts;
import java.util.Locale;

/** What a control request asks of the agent running a training (docs/progress-format.md, "Control requests"). */
public enum ControlAction {
    PAUSE,
    RESUME,
    CANCEL;

    /** The name in the request file: {@code pause}, {@code resume}, {@code cancel}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The event the agent answers an accepted request with. */
    public String acceptedEvent() {
        return switch (this) {
            case PAUSE -> "paused";
            case RESUME -> "resumed";
            case CANCEL -> "exited";
        };
    }

    public static ControlAction parse(final String value) {
        for (ControlAction action : values()) {
            if (action.jsonName().equals(value)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown control action \"" + Texts.printable(value)
                + "\"; the actions are pause, resume and cancel");
    }
}
