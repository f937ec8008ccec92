package io.jenkins.plugins.gputraining.options;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks of single step arguments, each throwing {@link IllegalArgumentException} with a message for people. */
public final class Arguments {
    private static final Pattern GPUS = Pattern.compile("all|[A-Za-z0-9-]+(,[A-Za-z0-9-]+)*");
    private static final Pattern RUN_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");

    private Arguments() {
    }

    /** A blank string as {@code null}, else the string trimmed. */
    public static String trimToNull(final String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Text without control characters other than tab (and, where allowed, newlines), at most {@code max} long. */
    public static String text(final String value, final String name, final int max, final boolean multiline) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(name + " is " + value.length() + " characters long; at most " + max
                    + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = c == '\t' || multiline && (c == '\n' || c == '\r');
            if (Character.isISOControl(c) && !allowed) {
                throw new IllegalArgumentException(name + " contains a control character (code " + (int) c + ")");
            }
        }
        return value;
    }

    /**
     * A path relative to the workspace that stays inside it: not absolute, no {@code ..} segment, no {@code ~}.
     * Returned with forward slashes and without {@code .} segments or a trailing slash.
     */
    public static String relativePath(final String value, final String name) {
        String path = trimToNull(value);
        if (path == null) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        text(path, name, 1000, false);
        String normalized = path.replace('\\', '/');
        if (normalized.startsWith("/") || normalized.startsWith("~") || normalized.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException(name + " must be relative to the workspace, was \""
                    + PrintableText.printable(path) + "\"");
        }
        StringBuilder out = new StringBuilder();
        for (String segment : normalized.split("/+")) {
            if (segment.isEmpty() || ".".equals(segment)) {
                continue;
            }
            if ("..".equals(segment)) {
                throw new IllegalArgumentException(name + " must stay inside the workspace (no \"..\"), was \""
                        + PrintableText.printable(path) + "\"");
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(segment);
        }
        if (out.length() == 0) {
            throw new IllegalArgumentException(name + " must name a directory below the workspace, was \""
                    + PrintableText.printable(path) + "\"");
        }
        return out.toString();
    }

    /** The agent's {@code --format}: auto, hf, lightning, jsonl or {@code regex:RE} with a valid Java regex. */
    public static String format(final String value) {
        String format = trimToNull(value);
        if (format == null) {
            return null;
        }
        if (format.startsWith("regex:")) {
            String regex = format.substring("regex:".length());
            if (regex.isEmpty()) {
                throw new IllegalArgumentException("format regex: needs a regular expression after the colon");
            }
            try {
                Pattern.compile(regex);
            }
            catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("format has an invalid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
            return format;
        }
        String lower = format.toLowerCase(Locale.ROOT);
        if (!lower.equals("auto") && !lower.equals("hf") && !lower.equals("lightning") && !lower.equals("jsonl")) {
            throw new IllegalArgumentException("format must be auto, hf, lightning, jsonl or regex:RE, was \""
                    + PrintableText.printable(format) + "\"");
        }
        return lower;
    }

    /** The agent's {@code --pause-mode}: suspend or checkpoint. */
    public static String pauseMode(final String value) {
        String mode = trimToNull(value);
        if (mode == null) {
            return null;
        }
        String lower = mode.toLowerCase(Locale.ROOT);
        if (!lower.equals("suspend") && !lower.equals("checkpoint")) {
            throw new IllegalArgumentException("pauseMode must be suspend or checkpoint, was \""
                    + PrintableText.printable(mode) + "\"");
        }
        return lower;
    }

    /** The agent's {@code --gpus}: all, or GPU indexes or UUIDs separated by commas. */
    public static String gpus(final String value) {
        String gpus = trimToNull(value);
        if (gpus == null) {
            return null;
        }
        String compact = gpus.replace(" ", "");
        if (!GPUS.matcher(compact).matches()) {
            throw new IllegalArgumentException("gpus must be all, or GPU indexes or UUIDs separated by commas "
                    + "(0,1 or GPU-5f0c…), was \"" + PrintableText.printable(gpus) + "\"");
        }
        return compact;
    }

    /** A number of seconds within bounds. */
    public static Double seconds(final Double value, final String name, final double min, final double max) {
        if (value == null) {
            return null;
        }
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + plain(min) + " and " + plain(max)
                    + " seconds, was " + value);
        }
        return value;
    }

    /** A positive whole number. */
    public static Integer positive(final Integer value, final String name) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more, was " + value);
        }
        return value;
    }

    /**
     * A run's id within its build, derived from its name: lower case, runs of other characters than
     * {@code [a-z0-9._-]} become {@code -}, at most 40 characters; {@code train} when nothing is left.
     */
    public static String runId(final String name) {
        if (name == null) {
            return "train";
        }
        String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[-._]+", "");
        if (id.length() > 40) {
            id = id.substring(0, 40);
        }
        id = id.replaceAll("[-.]+$", "");
        return RUN_ID.matcher(id).matches() && !id.equals(".") && !id.equals("..") ? id : "train";
    }

    private static String plain(final double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
