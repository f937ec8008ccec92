package io.jenkins.plugins.gputraining.agent.control;

import java.util.Locale;

/** What a control request asks of a running training. */
public enum ControlAction {
    PAUSE, RESUME, CANCEL;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
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
        throw new IllegalArgumentException("unknown action \"" + value + "\"; expected pause, resume or cancel");
    }
}
