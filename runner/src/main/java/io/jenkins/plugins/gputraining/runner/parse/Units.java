package io.jenkins.plugins.gputraining.runner.parse;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The units console lines print after numbers: times ({@code 16.6ms}, {@code 0.12s}, {@code 0:00:03}), rates
 * ({@code 45.2it/s}, {@code 41000 tok/s}, {@code 668.1/s}) and times per step ({@code 1.2s/it}, {@code 7ms/step}).
 */
final class Units {
    /** The unit the tokenizer gives a clock reading such as {@code 0:00:03} (its value is in seconds). */
    static final String CLOCK = "clock";

    private static final int CACHE_LIMIT = 1024;
    /** What each spelling seen means; a few dozen spellings occur in practice (it runs on every number). */
    private static final Map<String, Meaning> MEANINGS = new ConcurrentHashMap<>();

    /** What one spelling of a unit means. */
    private record Meaning(ThroughputUnit rate, boolean timePerStep, boolean unitWord) {
    }

    private Units() {
    }

    private static Meaning meaning(final String unit) {
        Meaning meaning = MEANINGS.get(unit);
        if (meaning == null) {
            ThroughputUnit rate = computeRate(unit);
            boolean timePerStep = computeTimePerStep(unit);
            meaning = new Meaning(rate, timePerStep, rate != null || timePerStep
                    || secondsPerUnit(unit.toLowerCase(Locale.ROOT)) > 0 || unit.equals("%"));
            if (MEANINGS.size() < CACHE_LIMIT) {
                MEANINGS.put(unit, meaning);
            }
        }
        return meaning;
    }

    /** Whether a word after a number is its unit ({@code 41000 tok/s}, {@code 0.00 seconds}). */
    static boolean isUnitWord(final String word) {
        return meaning(word).unitWord();
    }

    /** What a rate unit counts a second ({@code it/s} steps, {@code img/s} samples, {@code tok/s} tokens), or null. */
    static ThroughputUnit rate(final String unit) {
        return unit == null ? null : meaning(unit).rate();
    }

    private static ThroughputUnit computeRate(final String unit) {
        String lower = unit.toLowerCase(Locale.ROOT);
        int slash = lower.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String per = lower.substring(slash + 1);
        if (!per.equals("s") && !per.equals("sec") && !per.equals("second")) {
            return null;
        }
        return counted(lower.substring(0, slash));
    }

    /** What a name or unit stem counts: it, step, batch → steps; img, sample, ex → samples; tok, token → tokens. */
    static ThroughputUnit counted(final String stem) {
        return switch (stem) {
            case "it", "its", "iter", "iters", "iteration", "iterations", "step", "steps", "batch", "batches",
                 "update", "updates", "ups" -> ThroughputUnit.STEPS;
            case "", "sample", "samples", "ex", "example", "examples", "img", "imgs", "image", "images", "seq",
                 "seqs", "sequence", "sequences", "sent", "sentences", "instance", "instances" ->
                    ThroughputUnit.SAMPLES;
            case "tok", "toks", "token", "tokens", "wps", "word", "words" -> ThroughputUnit.TOKENS;
            default -> null;
        };
    }

    /** {@code s/it}, {@code ms/step}, {@code s/step}: a time per step. */
    static boolean timePerStep(final String unit) {
        return unit != null && meaning(unit).timePerStep();
    }

    private static boolean computeTimePerStep(final String unit) {
        String lower = unit.toLowerCase(Locale.ROOT);
        int slash = lower.indexOf('/');
        return slash > 0 && secondsPerUnit(lower.substring(0, slash)) > 0
                && counted(lower.substring(slash + 1)) == ThroughputUnit.STEPS;
    }

    /** Steps per second from a time per step ({@code 7ms/step} → 142.9). */
    static double stepsPerSecond(final double value, final String unit) {
        String lower = unit.toLowerCase(Locale.ROOT);
        double seconds = value * secondsPerUnit(lower.substring(0, lower.indexOf('/')));
        return seconds > 0 ? 1 / seconds : Double.NaN;
    }

    /** Seconds of a time printed with {@code unit} (none: seconds), or NaN when the unit is not a time. */
    static double seconds(final double value, final String unit) {
        if (unit == null || unit.equals(CLOCK)) {
            return value;
        }
        double factor = secondsPerUnit(unit.toLowerCase(Locale.ROOT));
        return factor > 0 ? value * factor : Double.NaN;
    }

    private static double secondsPerUnit(final String unit) {
        return switch (unit) {
            case "s", "sec", "secs", "second", "seconds" -> 1;
            case "ms", "msec", "milliseconds" -> 1e-3;
            case "us", "µs", "microseconds" -> 1e-6;
            case "min", "mins", "minutes" -> 60;
            case "h", "hours" -> 3600;
            default -> -1;
        };
    }
}
