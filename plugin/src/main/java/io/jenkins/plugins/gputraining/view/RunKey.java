package io.jenkins.plugins.gputraining.view;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of a training run within a job: the build number for a build's first run ({@code 12}), and
 * {@code number.position} for its further runs ({@code 12.2}), so the common one-training-per-build case reads as
 * the build number. Used as {@code job_id} in the job's JSON, comparisons and winners.
 *
 * @param build the build number
 * @param index the run's position in the build, from 0
 */
public record RunKey(int build, int index) {
    private static final Pattern SYNTAX = Pattern.compile("([1-9][0-9]{0,9})(?:\\.([2-9]|[1-9][0-9]{1,3}))?");

    public RunKey {
        if (build < 1) {
            throw new IllegalArgumentException("a build number is 1 or more: " + build);
        }
        if (index < 0) {
            throw new IllegalArgumentException("a run index is 0 or more: " + index);
        }
    }

    /** Parses {@code 12} or {@code 12.2}. */
    public static RunKey parse(final String text) {
        Matcher matcher = text == null ? null : SYNTAX.matcher(text.trim());
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("not a training run id: \"" + PrintableText.printable(text)
                    + "\" (a build number such as 12, or 12.2 for a build's second training)");
        }
        long build = Long.parseLong(matcher.group(1));
        if (build > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("no such build number: " + PrintableText.printable(text));
        }
        int index = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2)) - 1;
        return new RunKey((int) build, index);
    }

    @Override
    public String toString() {
        return index == 0 ? Integer.toString(build) : build + "." + (index + 1);
    }
}
