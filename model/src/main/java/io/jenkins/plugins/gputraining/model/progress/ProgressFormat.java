package io.jenkins.plugins.gputraining.model.progress;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and version of the progress-artifact format v1 (docs/progress-format.md).
 */
public final class ProgressFormat {
    /** The value of {@code format} in every progress.json this library writes. */
    public static final String FORMAT = "gpu-training/progress@1";
    public static final int MAJOR_VERSION = 1;

    public static final String PROGRESS_FILE = "progress.json";
    public static final String METRICS_FILE = "metrics.jsonl";
    public static final String TELEMETRY_FILE = "telemetry.jsonl";
    public static final String EVENTS_FILE = "events.jsonl";
    public static final String OUTPUT_FILE = "output.log";

    private static final Pattern FORMAT_PATTERN = Pattern.compile("gpu-training/progress@(\\d{1,100})(?:\\.\\d{1,100}){0,10}");

    private ProgressFormat() {
    }

    /**
     * Checks that a {@code format} value can be read by this version.
     *
     * @throws UnsupportedFormatException for another format or a newer major version
     */
    public static void requireSupported(final String format, final String file) {
        if (format == null) {
            throw new UnsupportedFormatException(file + ": no \"format\" field; expected \"" + FORMAT + "\"");
        }
        Matcher matcher = FORMAT_PATTERN.matcher(format);
        if (!matcher.matches()) {
            throw new UnsupportedFormatException(file + ": unknown format " + ProgressJson.quoted(format) + "; expected \""
                    + FORMAT + "\"");
        }
        // Compared as text: "@99999999999" is a newer major version, not a number to overflow.
        String major = matcher.group(1).replaceFirst("^0+(?=.)", "");
        if (major.length() > 1 || major.charAt(0) - '0' > MAJOR_VERSION) {
            throw new UnsupportedFormatException(file + " uses format " + ProgressJson.quoted(format) + ", newer than \"" + FORMAT
                    + "\" which this version reads; upgrade the GPU Training tools to read it");
        }
    }
}
