package io.jenkins.plugins.gputraining.runner.parse;

import io.jenkins.plugins.gputraining.model.progress.ProgressJson;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * {@code --format regex:RE}: a user-supplied Java regex whose named groups name what they capture.
 *
 * <p>{@code step}, {@code epoch}, {@code loss}, {@code learning_rate} (or {@code lr}), {@code samples} and
 * {@code samples_per_second} (or {@code samplesPerSecond}, {@code sps}) fill the observation's fields; any other
 * group name becomes a metric of that name ({@code eval_loss}, {@code tokens_per_second}, …). Underscores are allowed
 * in names although Java's regex syntax does not allow them. The regex is searched for anywhere in the line
 * ({@link Matcher#find()}); a group that did not take part in the match or captured no number is left out, and a
 * line where no group captured a number is no observation.
 */
public final class RegexParser implements ProgressParser {
    private final String regex;
    private final NamedGroupPattern pattern;

    private RegexParser(final String regex, final NamedGroupPattern pattern) {
        this.regex = regex;
        this.pattern = pattern;
    }

    /**
     * @throws IllegalArgumentException when the regex does not compile or has no named group
     */
    public static RegexParser compile(final String regex) {
        NamedGroupPattern pattern = NamedGroupPattern.compile(regex);
        if (pattern.groups().isEmpty()) {
            throw new IllegalArgumentException("the regex has no named group; name what each group captures, "
                    + "e.g. step (?<step>\\d+) loss (?<loss>[-+.\\deE]+|nan|inf) — in: " + regex);
        }
        return new RegexParser(regex, pattern);
    }

    /** The regex as the user wrote it. */
    public String regex() {
        return regex;
    }

    @Override
    public Optional<Observation> parse(final String line, final double time) {
        Matcher matcher = pattern.pattern().matcher(line);
        if (!matcher.find()) {
            return Optional.empty();
        }
        ObservationBuilder builder = new ObservationBuilder();
        for (Map.Entry<String, String> group : pattern.groups().entrySet()) {
            String text = matcher.group(group.getValue());
            Double value = text == null ? null : ProgressJson.parseDouble(text);
            if (value != null) {
                builder.put(group.getKey(), value);
            }
        }
        return builder.build(time, false);
    }

    @Override
    public String toString() {
        return "regex:" + regex;
    }
}
