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

    private static final Pattern FORMAT_PATTERN = Pattern.compile("gpu-training/progress@(\\d+)(?:\\.\\d+)*");

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
            throw new UnsupportedFormatException(file + ": unknown format \"" + format + "\"; expected \"" + FORMAT + "\"");
        }
        int major = Integer.parseInt(matcher.group(1));
        if (major > MAJOR_VERSION) {
            throw new UnsupportedFormatException(file + " uses format \"" + format + "\", newer than \"" + FORMAT
                    + "\" which this version reads; upgrade the GPU Training tools to read it");
        }
    }
}
