package io.jenkins.plugins.gputraining.gate;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import java.util.Locale;

/** Which alerts of a run fail its quality gate. */
public enum AlertGate {
    /** Alerts never fail the gate. */
    NONE,
    /** Any alert (warning or critical) fails it. */
    ANY,
    /** Only critical alerts (a NaN or diverged loss) fail it. */
    CRITICAL;

    /** Parses {@code none}, {@code any} or {@code critical} (any case); {@code null} or blank is {@code none}. */
    public static AlertGate parse(final String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        for (AlertGate gate : values()) {
            if (gate.name().equalsIgnoreCase(value.trim())) {
                return gate;
            }
        }
        throw new IllegalArgumentException("failOnAlerts must be none, any or critical, was \""
                + PrintableText.printable(value) + "\"");
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
