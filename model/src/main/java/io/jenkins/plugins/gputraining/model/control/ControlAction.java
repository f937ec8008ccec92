package io.jenkins.plugins.gputraining.model.control;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import java.util.Locale;

/** What a control request asks of a running training (docs/progress-format.md, "Control requests"). */
public enum ControlAction {
    PAUSE, RESUME, CANCEL;

    /** The name in a request file and in the HTTP paths: {@code pause}, {@code resume}, {@code cancel}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The event the agent answers an accepted request with. */
    public String acceptedEvent() {
        return switch (this) {
            case PAUSE -> LifecycleEvent.PAUSED;
            case RESUME -> LifecycleEvent.RESUMED;
            case CANCEL -> LifecycleEvent.EXITED;
        };
    }

    /** Words for messages: {@code paused}, {@code resumed}, {@code cancelled}. */
    public String pastTense() {
        return switch (this) {
            case PAUSE -> "paused";
            case RESUME -> "resumed";
            case CANCEL -> "cancelled";
        };
    }

    /**
     * Parses {@code pause}, {@code resume} or {@code cancel}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ControlAction parse(final String value) {
        for (ControlAction action : values()) {
            if (action.jsonName().equals(value)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action \"" + PrintableText.printable(value)
                + "\"; expected pause, resume or cancel");
    }
}
