package io.jenkins.plugins.gputraining.runner.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the named numbers of one console line: the first step of {@code --format auto} for text that is no JSON or
 * dict (docs/metrics-protocol.md lists the shapes).
 *
 * <ul>
 *   <li>{@code name: v}, {@code name = v}, {@code name=v} (one word), {@code Name v}, names of up to six words
 *       separated by single spaces ({@code Avg. loss}, {@code Test set: Average loss});</li>
 *   <li>{@code name v (avg)}: a meter with its running average;</li>
 *   <li>counters {@code n/N}, {@code [n/N]}, {@code [n/N (p%)]}, {@code [n]}, {@code Epoch 1/3},
 *       {@code 10 / 1000};</li>
 *   <li>units right after a number or as the next word: {@code 45.2it/s}, {@code 7ms/step}, {@code 16.6ms},
 *       {@code 38%}, {@code 41000 tok/s}; clock times {@code 0:00:03} and dates are read and left unnamed;</li>
 *   <li>{@code name:} followed by words or the end of the line is a label ({@code Test set:},
 *       {@code Test Error:}).</li>
 * </ul>
 *
 * Nothing here knows what a name means ({@link MetricNameClassifier} does). A single pass over the characters, no
 * regex: it runs on every line a training prints. Not thread-safe; one per reader.
 */
final class ConsoleTokenizer {
    private static final int MAX_NAME_WORDS = 6;

    private String text;
    private char[] chars;
    private int length;
    private List<ConsoleToken> tokens;

    /** Start of the current run of name words, or -1. */
    private int runStart = -1;
    private int runEnd;
    private int lastWordStart;
    private final int[] wordStarts = new int[MAX_NAME_WORDS];
    private int words;
    /** ':' or '=' after the run, or 0. */
    private char separator;
    /** '=' right after the last word: {@code key=value} names one word. */
    private boolean tightEquals;

    /** The tokens of {@code line} in order; a new list each call. */
    List<ConsoleToken> tokenize(final String line) {
        text = line;
        chars = line.toCharArray(); // array reads: the agent runs with the C1 compiler, which does not inline charAt
        length = line.length();
        tokens = new ArrayList<>(8);
        clearRun();
        int i = 0;
        while (i < length) {
            char c = chars[i];
            if (isWordStart(c)) {
                i = word(i);
            }
            else if (startsNumber(i)) {
                i = number(i);
            }
            else if (c == '[') {
                i = bracket(i);
            }
            else if (c == ' ') {
                i++;
            }
            else if ((c == ':' || c == '=') && runStart >= 0 && separator == 0) {
                separator = c;
                tightEquals = c == '=' && i == runEnd;
                i++;
            }
            else if (c == '.' && runStart >= 0 && i == runEnd && separator == 0) {
                i++; // an abbreviation's dot: "Avg. loss"
            }
            else {
                endRun();
                i++;
            }
        }
        endRun();
        List<ConsoleToken> result = tokens;
        tokens = null;
        text = null;
        chars = null;
        return result;
    }

    private void clearRun() {
        runStart = -1;
        words = 0;
        separator = 0;
        tightEquals = false;
    }

    /** The run ends without naming a number: a label when a colon followed it. */
    private void endRun() {
        if (runStart >= 0 && separator == ':') {
            tokens.add(ConsoleToken.label(text.substring(runStart, runEnd), runStart, runEnd));
        }
        clearRun();
    }

    private static boolean isWordStart(final char c) {
        return c < 0x80 ? c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' : Character.isLetter(c);
    }

    private static boolean isWordPart(final char c) {
        return isWordStart(c) || c >= '0' && c <= '9' || c == '@';
    }

    private boolean startsNumber(final int i) {
        char c = chars[i];
        if (c >= '0' && c <= '9') {
            return true;
        }
        if ((c == '-' || c == '+' || c == '.') && i + 1 < length && isDigit(chars[i + 1])) {
            // a sign only where a value may start: "loss=-0.5", "mfu -100.00%", not "train-1"
            return c == '.' || i == 0 || !isWordPart(chars[i - 1]);
        }
        return false;
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    private int word(final int from) {
        int i = from + 1;
        while (i < length) {
            char c = chars[i];
            if (isWordPart(c)) {
                i++;
            }
            else if ((c == '-' || c == '.' || c == '/') && i + 1 < length && isWordPart(chars[i + 1])) {
                i += 2; // train-logloss, img/s, trainer.py, validation_0-rmse
            }
            else {
                break;
            }
        }
        if (unitWord(from, i) || nonFinite(from, i)) {
            return i;
        }
        boolean continues = runStart >= 0 && separator == 0 && gapIsOneSpace(runEnd, from);
        if (!continues) {
            endRun();
            runStart = from;
            words = 0;
        }
        if (words == MAX_NAME_WORDS) {
            System.arraycopy(wordStarts, 1, wordStarts, 0, MAX_NAME_WORDS - 1);
            words--;
            runStart = wordStarts[0];
        }
        wordStarts[words++] = from;
        lastWordStart = from;
        runEnd = i;
        return i;
    }

    /** One space between two words of a name, or an abbreviation's ". ". */
    private boolean gapIsOneSpace(final int end, final int next) {
        return next == end + 1 && chars[end] == ' '
                || next == end + 2 && chars[end] == '.' && chars[end + 1] == ' ';
    }

    /** "41000 tok/s", "0.00 seconds": a unit written as the word after a number. */
    private boolean unitWord(final int from, final int to) {
        if (tokens.isEmpty() || runStart >= 0) {
            return false;
        }
        ConsoleToken last = tokens.get(tokens.size() - 1);
        if (last.kind() != ConsoleToken.Kind.NUMBER || last.unit() != null || last.end() + 1 != from
                || chars[last.end()] != ' ') {
            return false;
        }
        String word = text.substring(from, to);
        if (!Units.isUnitWord(word)) {
            return false;
        }
        tokens.set(tokens.size() - 1, new ConsoleToken(last.kind(), last.name(), last.value(), last.total(),
                last.average(), word, false, last.start(), to));
        return true;
    }

    /** {@code loss: nan}, {@code loss=inf}: a word in a value's place. */
    private boolean nonFinite(final int from, final int to) {
        if (runStart < 0) {
            return false;
        }
        double value = switch (text.substring(from, to).toLowerCase(java.util.Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "infinity" -> Double.POSITIVE_INFINITY;
            default -> 0;
        };
        if (value == 0) {
            return false;
        }
        tokens.add(new ConsoleToken(ConsoleToken.Kind.NUMBER, name(), value, Double.NaN, Double.NaN, null, false,
                from, to));
        clearRun();
        return true;
    }

    /** The name the current run gives a number that follows it (blanks and one ':' or '=' between), or null. */
    private String name() {
        if (runStart < 0) {
            return null;
        }
        return text.substring(tightEquals ? lastWordStart : runStart, runEnd);
    }

    private int number(final int from) {
        int i = from;
        if (chars[i] == '-' || chars[i] == '+') {
            i++;
        }
        int digitsStart = i;
        while (i < length && isDigit(chars[i])) {
            i++;
        }
        int integerEnd = i;
        boolean integer = true;
        if (i < length && chars[i] == '.' && (i + 1 >= length || isDigit(chars[i + 1]))) {
            integer = false;
            i++;
            while (i < length && isDigit(chars[i])) {
                i++;
            }
        }
        if (i + 1 < length && (chars[i] == 'e' || chars[i] == 'E')) {
            int e = i + 1;
            if (e < length && (chars[e] == '-' || chars[e] == '+')) {
                e++;
            }
            if (e < length && isDigit(chars[e])) {
                integer = false;
                i = e;
                while (i < length && isDigit(chars[i])) {
                    i++;
                }
            }
        }
        String name = name();
        clearRun();
        if (i < length) {
            char next = chars[i];
            if (next == ':' && i + 1 < length && isDigit(chars[i + 1]) && integer) {
                return clock(from, name);
            }
            if (next == '-' && integer && integerEnd - digitsStart == 4 && i + 1 < length
                    && isDigit(chars[i + 1])) {
                return skip(i); // a date: 2025-06-01
            }
            if (next == ',' && integer && integerEnd - digitsStart <= 3 && thousands(i)) {
                return grouped(from, i, name);
            }
        }
        if (integer) {
            int counter = counter(from, i, name, false);
            if (counter > 0) {
                return counter;
            }
        }
        double value = parse(from, i);
        int unitStart = i;
        i = unit(i);
        String unit = i > unitStart ? text.substring(unitStart, i) : null;
        double average = Double.NaN;
        int end = i;
        int afterAverage = average(i);
        if (afterAverage > 0) {
            average = averageValue;
            end = afterAverage;
        }
        tokens.add(new ConsoleToken(ConsoleToken.Kind.NUMBER, name, value, Double.NaN, average, unit, false, from,
                i));
        return end;
    }

    /**
     * The number in {@code [from, to)}. Up to 15 significant digits with a power of ten up to 22 are computed exactly
     * rounded from their digits (both factors are exact doubles); anything longer goes to Double.parseDouble.
     */
    private double parse(final int from, final int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (chars[i] == '-' || chars[i] == '+')) {
            negative = chars[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean fraction = false;
        for (; i < to; i++) {
            char c = chars[i];
            if (c >= '0' && c <= '9') {
                if (mantissa != 0 || c != '0') {
                    digits++;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (fraction) {
                    scale--;
                }
                if (digits > 15) {
                    return slowParse(from, to);
                }
            }
            else if (c == '.' && !fraction) {
                fraction = true;
            }
            else if (c == 'e' || c == 'E') {
                int exponent = 0;
                int e = i + 1;
                boolean negativeExponent = e < to && chars[e] == '-';
                if (e < to && (chars[e] == '-' || chars[e] == '+')) {
                    e++;
                }
                if (e >= to || to - e > 3) {
                    return slowParse(from, to);
                }
                for (; e < to; e++) {
                    exponent = exponent * 10 + (chars[e] - '0');
                }
                scale += negativeExponent ? -exponent : exponent;
                break;
            }
            else {
                return slowParse(from, to);
            }
        }
        double value;
        if (scale == 0) {
            value = mantissa;
        }
        else if (scale < 0 && scale >= -22) {
            value = mantissa / POWERS_OF_TEN[-scale];
        }
        else if (scale > 0 && scale <= 22) {
            value = mantissa * POWERS_OF_TEN[scale];
        }
        else {
            return slowParse(from, to);
        }
        return negative ? -value : value;
    }

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private double slowParse(final int from, final int to) {
        try {
            return Double.parseDouble(text.substring(from, to));
        }
        catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Characters of a unit right after a number: it/s, ms/step, ms, %, M, /s. */
    private int unit(final int from) {
        int i = from;
        while (i < length) {
            char c = chars[i];
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '%' || c == 'µ') {
                i++;
            }
            else if (c == '/' && i + 1 < length && isWordStart(chars[i + 1])) {
                i++;
            }
            else {
                break;
            }
        }
        return i;
    }

    private double averageValue;

    /** " (0.52)" after a value: its running average; the index after ')' or -1. */
    private int average(final int from) {
        int i = afterBlanks(from);
        if (i >= length || chars[i] != '(') {
            return -1;
        }
        i++;
        i = afterBlanks(i);
        int start = i;
        if (i < length && (chars[i] == '-' || chars[i] == '+')) {
            i++;
        }
        boolean digits = false;
        while (i < length && (isDigit(chars[i]) || chars[i] == '.' || chars[i] == 'e'
                || chars[i] == 'E' || (chars[i] == '-' || chars[i] == '+')
                && (chars[i - 1] == 'e' || chars[i - 1] == 'E'))) {
            digits |= isDigit(chars[i]);
            i++;
        }
        if (!digits) {
            return -1;
        }
        int numberEnd = i;
        i = unit(i);
        i = afterBlanks(i);
        if (i >= length || chars[i] != ')') {
            return -1;
        }
        averageValue = parse(start, numberEnd);
        return Double.isNaN(averageValue) ? -1 : i + 1;
    }

    /**
     * {@code n/N} or {@code n / N} after the integer {@code n} that ends at {@code from}: a counter; the index after
     * it, or -1. A total that is not a positive integer (Lightning's "Epoch 0/-2" without max_epochs) is no total.
     */
    private int counter(final int start, final int from, final String name, final boolean bracketed) {
        int i = from;
        int spaces = 0;
        while (i < length && chars[i] == ' ' && spaces < 2) {
            i++;
            spaces++;
        }
        if (i >= length || chars[i] != '/') {
            return -1;
        }
        i++;
        while (i < length && chars[i] == ' ' && spaces < 4) {
            i++;
            spaces++;
        }
        boolean negative = i < length && chars[i] == '-';
        if (negative) {
            i++;
        }
        int totalStart = i;
        while (i < length && isDigit(chars[i])) {
            i++;
        }
        if (i == totalStart || i < length && (chars[i] == '.' || isWordPart(chars[i]))) {
            return -1; // "3/4.5", "1/2x": not a counter
        }
        double total = negative ? Double.NaN : parse(totalStart, i);
        if (total <= 0) {
            total = Double.NaN;
        }
        String counterName = name == null && !bracketed && countsBatches(i) ? "batch" : name;
        tokens.add(new ConsoleToken(ConsoleToken.Kind.COUNTER, counterName, parse(start, from), total, Double.NaN,
                null, bracketed, start, i));
        return i;
    }

    /** Whether the word after {@code from} says what a bare n/N counts: {@code 200/ 2983 batches}. */
    private boolean countsBatches(final int from) {
        int i = afterBlanks(from);
        int wordStart = i;
        while (i < length && isWordStart(chars[i])) {
            i++;
        }
        if (i == wordStart || i < length && isWordPart(chars[i])) {
            return false;
        }
        return switch (text.substring(wordStart, i).toLowerCase(Locale.ROOT)) {
            case "batch", "batches", "step", "steps", "iter", "iters", "iteration", "iterations", "update",
                 "updates" -> true;
            default -> false;
        };
    }

    /** {@code [n]}, {@code [n/N]}, {@code [ n/N (p%)]}; anything else in brackets is punctuation. */
    private int bracket(final int from) {
        String name = name();
        int i = afterBlanks(from + 1);
        int start = i;
        while (i < length && isDigit(chars[i])) {
            i++;
        }
        if (i == start) {
            endRun();
            return from + 1;
        }
        int valueEnd = i;
        if (name == null) {
            int afterPair = epochAndBatch(start, valueEnd);
            if (afterPair > 0) {
                return afterPair;
            }
        }
        int before = tokens.size();
        int afterCounter = counter(start, valueEnd, name, true);
        ConsoleToken counter;
        if (afterCounter > 0) {
            counter = tokens.remove(before);
            i = afterCounter;
        }
        else {
            counter = new ConsoleToken(ConsoleToken.Kind.COUNTER, name, parse(start, valueEnd), Double.NaN,
                    Double.NaN, null, true, start, valueEnd);
        }
        i = afterBlanks(i);
        if (i < length && chars[i] == '(') {
            int close = text.indexOf(')', i);
            if (close < 0 || close - i > 12) {
                endRun();
                return from + 1;
            }
            i = afterBlanks(close + 1); // "(25%)" of pytorch/examples' mnist: implied by n/N
        }
        if (i >= length || chars[i] != ']') {
            endRun();
            return from + 1;
        }
        tokens.add(new ConsoleToken(counter.kind(), counter.name(), counter.value(), counter.total(), Double.NaN,
                null, true, counter.start(), counter.end()));
        clearRun();
        return i + 1;
    }

    /**
     * {@code [2,  4000]} of PyTorch's CIFAR-10 tutorial, {@code [epoch + 1, i + 1]}: the epoch, as a number named so.
     * The batch index restarts every epoch and the number of batches is not printed, so it gives no step. Returns the
     * index after the bracket, or -1 for another shape.
     */
    private int epochAndBatch(final int start, final int epochEnd) {
        int i = epochEnd;
        if (i >= length || chars[i] != ',') {
            return -1;
        }
        i++;
        i = afterBlanks(i);
        int batchStart = i;
        while (i < length && isDigit(chars[i])) {
            i++;
        }
        if (i == batchStart || i >= length || chars[i] != ']') {
            return -1;
        }
        tokens.add(new ConsoleToken(ConsoleToken.Kind.NUMBER, "epoch", parse(start, epochEnd), Double.NaN, Double.NaN,
                null, true, start, epochEnd));
        clearRun();
        return i + 1;
    }

    /** 0:00:03, 12:00:00,100, 00:00&lt;00:01: a clock reading, in seconds, unit "clock". */
    private int clock(final int from, final String name) {
        int i = from;
        double seconds = 0;
        double part = 0;
        while (i < length) {
            char c = chars[i];
            if (isDigit(c)) {
                part = part * 10 + (c - '0');
            }
            else if (c == ':') {
                seconds = (seconds + part) * 60;
                part = 0;
            }
            else {
                break;
            }
            i++;
        }
        if (i < length && (chars[i] == '.' || chars[i] == ',') && i + 1 < length
                && isDigit(chars[i + 1])) {
            int fraction = i + 1;
            i = fraction;
            while (i < length && isDigit(chars[i])) {
                i++;
            }
            part += parse(fraction, i) / Math.pow(10, i - fraction);
        }
        tokens.add(new ConsoleToken(ConsoleToken.Kind.NUMBER, name, seconds + part, Double.NaN, Double.NaN,
                Units.CLOCK, false, from, i));
        return i;
    }

    /** The index of the first character at or after {@code from} that is no blank. */
    private int afterBlanks(final int from) {
        int i = from;
        while (i < length && chars[i] == ' ') {
            i++;
        }
        return i;
    }

    private int skip(final int from) {
        int i = from;
        while (i < length && (isDigit(chars[i]) || chars[i] == '-')) {
            i++;
        }
        return i;
    }

    /** ",ddd" groups follow at {@code comma}: 107,264 is one number. */
    private boolean thousands(final int comma) {
        int i = comma;
        while (i + 3 < length && chars[i] == ',' && isDigit(chars[i + 1]) && isDigit(chars[i + 2])
                && isDigit(chars[i + 3])) {
            i += 4;
        }
        return i > comma && (i >= length || !isDigit(chars[i]) && chars[i] != ',');
    }

    private int grouped(final int from, final int comma, final String name) {
        int i = comma;
        StringBuilder digits = new StringBuilder(text.substring(from, comma));
        while (i + 3 < length && chars[i] == ',' && isDigit(chars[i + 1])) {
            digits.append(text, i + 1, i + 4);
            i += 4;
        }
        tokens.add(new ConsoleToken(ConsoleToken.Kind.NUMBER, name, Double.parseDouble(digits.toString()),
                Double.NaN, Double.NaN, null, false, from, i));
        return i;
    }
}
