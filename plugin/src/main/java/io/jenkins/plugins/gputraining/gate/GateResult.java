package io.jenkins.plugins.gputraining.gate;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import java.util.Locale;

/** What a failed gate does to the build; named like Jenkins' results so a step sets the matching one. */
public enum GateResult {
    SUCCESS,
    UNSTABLE,
    FAILURE;

    /** Parses {@code UNSTABLE} or {@code FAILURE} (any case); {@code null} or blank gives {@code UNSTABLE}. */
    public static GateResult parseFailureResult(final String value) {
        if (value == null || value.isBlank()) {
            return UNSTABLE;
        }
        String upper = value.trim().toUpperCase(Locale.ROOT);
        if ("UNSTABLE".equals(upper)) {
            return UNSTABLE;
        }
        if ("FAILURE".equals(upper)) {
            return FAILURE;
        }
        throw new IllegalArgumentException("gateResult must be UNSTABLE or FAILURE, was \"" + PrintableText.printable(value)
                + "\"");
    }

    /** A step's {@code gateResult} argument: {@code null} gives {@code UNSTABLE}; {@code SUCCESS} is refused. */
    public static GateResult failureResult(final GateResult value) {
        if (value == SUCCESS) {
            throw new IllegalArgumentException("gateResult must be UNSTABLE or FAILURE, was SUCCESS");
        }
        return value == null ? UNSTABLE : value;
    }

    /** The worse of two results. */
    public GateResult worst(final GateResult other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
