package io.jenkins.plugins.gputraining.model.text;

/**
 * User input quoted in messages (errors, refusals, logs) so that it cannot garble them: control characters replaced,
 * cut to 100 characters. One rule for the model, the runner, the service and the plugin.
 */
public final class PrintableText {
    private PrintableText() {
    }

    /** A value for a message: control characters replaced and cut to 100 characters. */
    public static String printable(final String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 100; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return value.length() > 100 ? out + "…" : out.toString();
    }
}
