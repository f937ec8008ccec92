package io.jenkins.plugins.gputraining.runner.parse;

import io.jenkins.plugins.gputraining.model.progress.ProgressJson;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the numeric entries of a Python dict literal as {@code print(dict)} writes it (also JSON objects, a subset).
 *
 * <p>Keys are single- or double-quoted strings. Values are kept when they are numbers ({@code 0.5}, {@code 4.5e-05},
 * {@code nan}, {@code inf}, {@code -inf}), numbers quoted as strings ({@code '0.5'}: HF Trainer 5.x) or the first
 * argument of a call ({@code tensor(1.5, device='cuda:0')}, {@code np.float64(0.5)}: what some versions leak into
 * their logs). {@code None}, booleans, other strings and nested containers are skipped.
 */
final class PythonDictLiteral {
    /** What {@link #value()} returns for a value that is well-formed but not a number. */
    private static final Double NOT_A_NUMBER_VALUE = null;

    private final String text;
    private int pos;
    private final Map<String, Double> entries = new LinkedHashMap<>();

    private PythonDictLiteral(final String text, final int start) {
        this.text = text;
        this.pos = start;
    }

    /**
     * The numeric entries of the dict that starts at {@code start} (a '{'), or {@code null} when no well-formed dict
     * starts there. Text after the closing brace is not looked at.
     */
    static Map<String, Double> parse(final String text, final int start) {
        PythonDictLiteral parser = new PythonDictLiteral(text, start);
        try {
            return parser.dict() ? parser.entries : null;
        }
        catch (Malformed e) {
            return null;
        }
    }

    private boolean dict() {
        expect('{');
        skipSpace();
        if (peek() == '}') {
            pos++;
            return true;
        }
        while (true) {
            skipSpace();
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                return false;
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            Double value = value();
            if (value != NOT_A_NUMBER_VALUE) {
                entries.put(key, value);
            }
            skipSpace();
            char next = next();
            if (next == '}') {
                return true;
            }
            if (next != ',') {
                return false;
            }
            skipSpace();
            if (peek() == '}') { // a trailing comma
                pos++;
                return true;
            }
        }
    }

    private Double value() {
        char c = peek();
        if (c == '\'' || c == '"') {
            return ProgressJson.parseDouble(string());
        }
        if (c == '{' || c == '[' || c == '(') {
            skipBalanced();
            return NOT_A_NUMBER_VALUE;
        }
        int start = pos;
        if (c == '-' || c == '+') {
            pos++;
        }
        char first = peek();
        if (Character.isDigit(first) || first == '.') {
            return number(start);
        }
        if (Character.isLetter(first) || first == '_') {
            String name = identifier();
            if (peek() == '(') {
                return call(start);
            }
            String signedName = text.substring(start, pos);
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "nan", "inf", "infinity" -> ProgressJson.parseDouble(signedName);
                default -> NOT_A_NUMBER_VALUE; // None, True, False, or a bare name
            };
        }
        throw new Malformed();
    }

    private Double number(final int start) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            boolean exponentSign = (c == '-' || c == '+') && pos > start
                    && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E');
            if (Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '_' || exponentSign) {
                pos++;
            }
            else {
                break;
            }
        }
        Double value = ProgressJson.parseDouble(text.substring(start, pos).replace("_", ""));
        if (value == null) {
            throw new Malformed();
        }
        return value;
    }

    /** {@code name(first, …)}: the first argument when it is a number; the rest is skipped. */
    private Double call(final int start) {
        pos++; // '('
        skipSpace();
        Double first = NOT_A_NUMBER_VALUE;
        int arguments = pos;
        if (peek() != ')') {
            try {
                first = value();
            }
            catch (Malformed e) { // an argument we cannot read (a repr like <object …>): the call is no number
                pos = arguments;
                first = NOT_A_NUMBER_VALUE;
            }
        }
        // skip the remaining arguments up to the matching ')'
        int depth = 1;
        while (depth > 0) {
            char c = peek();
            if (c == '\'' || c == '"') {
                string();
                continue;
            }
            pos++;
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            }
            else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        boolean negative = text.charAt(start) == '-';
        return first == null || !negative ? first : -first;
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                pos++;
            }
            else {
                break;
            }
        }
        return text.substring(start, pos);
    }

    private String string() {
        char quote = next();
        StringBuilder value = new StringBuilder();
        while (true) {
            char c = next();
            if (c == quote) {
                return value.toString();
            }
            if (c == '\\') {
                c = next(); // keep the escaped character itself; numbers and metric names contain no escapes
            }
            value.append(c);
        }
    }

    private void skipBalanced() {
        int depth = 0;
        do {
            char c = peek();
            if (c == '\'' || c == '"') {
                string();
                continue;
            }
            pos++;
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            }
            else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        while (depth > 0);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private void expect(final char expected) {
        if (next() != expected) {
            throw new Malformed();
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw new Malformed();
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    /** Control flow for "not a dict here"; no stack trace, it is thrown for ordinary non-matching lines. */
    private static final class Malformed extends RuntimeException {
        Malformed() {
            super(null, null, false, false);
        }
    }
}
