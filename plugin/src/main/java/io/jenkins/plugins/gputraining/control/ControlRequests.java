package io.jenkins.plugins.gputraining.control;

import io.jenkins.plugins.gputraining.view.Texts;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Ids and checks for the control requests the plugin sends (pause, resume, cancel). */
public final class ControlRequests {
    private static final Pattern USER = Pattern.compile("[^A-Za-z0-9._@-]");

    private ControlRequests() {
    }

    /** A new request id: {@code <epoch millis>-<random>}, within the format's {@code [A-Za-z0-9._-]{1,128}}. */
    public static String newId(final long epochMillis) {
        return epochMillis + "-" + UUID.randomUUID();
    }

    /** The {@code requested_by} of a request from Jenkins: {@code jenkins:<user id>}, characters made safe. */
    public static String requestedBy(final String userId) {
        String user = userId == null || userId.isBlank() ? "anonymous" : USER.matcher(userId).replaceAll("_");
        return "jenkins:" + (user.length() > 100 ? user.substring(0, 100) : user);
    }

    /** A pause mode given to a pause request: suspend, checkpoint, or {@code null} (the run's default). */
    public static String mode(final ControlAction action, final String mode) {
        if (mode == null || mode.isBlank()) {
            return null;
        }
        if (action != ControlAction.PAUSE) {
            throw new IllegalArgumentException("mode applies to a pause only");
        }
        String lower = mode.trim().toLowerCase(Locale.ROOT);
        if (!lower.equals("suspend") && !lower.equals("checkpoint")) {
            throw new IllegalArgumentException("mode must be suspend or checkpoint, was \"" + Texts.printable(mode)
                    + "\"");
        }
        return lower;
    }
}
