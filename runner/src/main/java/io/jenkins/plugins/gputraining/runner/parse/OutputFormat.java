package io.jenkins.plugins.gputraining.runner.parse;

import java.util.Locale;

/**
 * The value of {@code run --format}: how progress is read from the child's console output.
 *
 * <pre>
 * auto        JSON object lines, HuggingFace Trainer log dicts, and the console text itself: named numbers, progress
 *             bars frame by frame, tables (the default; {@link ConsoleProgressReader})
 * hf          HuggingFace Trainer log dicts only (also spelled huggingface; a JSON object line is a dict too), with
 *             the step the Trainer's progress bar shows
 * jsonl       JSON object lines only
 * lightning   JSON object lines only: Lightning's console shows a progress bar, not records, so its progress comes
 *             from its CSVLogger file, given as --metrics-file …/lightning_logs/version_N/metrics.csv
 * regex:RE    a Java regex with named groups (step, loss, samples_per_second, …), see {@link RegexParser}
 * </pre>
 *
 * Keywords are case-insensitive; everything after {@code regex:} is the regex, colons included. Whatever the format,
 * {@code --metrics-file} and the file named by {@value MetricsFileFollower#ENVIRONMENT_VARIABLE} are read as well.
 */
public final class OutputFormat {
    /** The kinds of format. */
    public enum Kind { AUTO, HF, JSONL, LIGHTNING, REGEX }

    private static final String REGEX_PREFIX = "regex:";
    private static final String EXPECTED = "expected auto, hf, jsonl, lightning or regex:<Java regex with named groups "
            + "such as (?<step>\\d+) and (?<loss>\\S+)>";

    private final Kind kind;
    private final ProgressParser parser;
    private final String spelling;

    private OutputFormat(final Kind kind, final ProgressParser parser, final String spelling) {
        this.kind = kind;
        this.parser = parser;
        this.spelling = spelling;
    }

    /** {@code auto}, the default. */
    public static OutputFormat auto() {
        return new OutputFormat(Kind.AUTO, new AutoParser(), "auto");
    }

    /**
     * Parses a {@code --format} value.
     *
     * @throws IllegalArgumentException with a message fit for the user, naming the accepted values
     */
    public static OutputFormat parse(final String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--format needs a value; " + EXPECTED);
        }
        String trimmed = value.strip();
        if (trimmed.regionMatches(true, 0, REGEX_PREFIX, 0, REGEX_PREFIX.length())) {
            String regex = trimmed.substring(REGEX_PREFIX.length());
            if (regex.isEmpty()) {
                throw new IllegalArgumentException("--format regex: needs a regex after the colon; " + EXPECTED);
            }
            try {
                return new OutputFormat(Kind.REGEX, RegexParser.compile(regex), REGEX_PREFIX + regex);
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--format " + REGEX_PREFIX + ": " + e.getMessage(), e);
            }
        }
        return switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "auto" -> auto();
            case "hf", "huggingface" -> new OutputFormat(Kind.HF, new HuggingFaceLogParser(), "hf");
            case "jsonl" -> new OutputFormat(Kind.JSONL, new JsonLineParser(), "jsonl");
            case "lightning" -> new OutputFormat(Kind.LIGHTNING, new JsonLineParser(), "lightning");
            default -> throw new IllegalArgumentException("unknown --format '" + value + "'; " + EXPECTED);
        };
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The stateless part of this format: what one line says on its own. For {@code auto} that is JSON lines and
     * dicts; the console text needs the stream, see {@link #reader(ProgressHints)}.
     */
    public ProgressParser parser() {
        return parser;
    }

    /** A reader for one stream of the child's output: one per run, fed in order by the thread reading it. */
    public ProgressReader reader(final ProgressHints hints) {
        return switch (kind) {
            case AUTO -> ConsoleProgressReader.auto(hints);
            case HF -> ConsoleProgressReader.huggingFace(hints);
            default -> new LineParserReader(parser);
        };
    }

    /**
     * Whether progress is expected from a metrics file rather than the console ({@code lightning}): the run command
     * should warn when no {@code --metrics-file} was given.
     */
    public boolean expectsMetricsFile() {
        return kind == Kind.LIGHTNING;
    }

    /** The canonical spelling, as {@link #parse(String)} accepts it. */
    @Override
    public String toString() {
        return spelling;
    }
}
