package io.jenkins.plugins.gputraining.runner.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A user's regex whose named groups may use metric names ({@code (?<samples_per_second>…)}, {@code (?<eval_loss>…)}).
 *
 * <p>Java allows only letters and digits in group names, so names with other characters are renamed before
 * compiling, and back references {@code \k<name>} with them; {@link #groups()} maps each name as written to the name
 * in the compiled pattern. Java 17 has no {@code Pattern.namedGroups()}, which is another reason to find them here.
 */
final class NamedGroupPattern {
    private final Pattern pattern;
    private final Map<String, String> groups;

    private NamedGroupPattern(final Pattern pattern, final Map<String, String> groups) {
        this.pattern = pattern;
        this.groups = groups;
    }

    /**
     * @throws IllegalArgumentException for a pattern Java cannot compile, or one that repeats a group name
     */
    static NamedGroupPattern compile(final String regex) {
        Map<String, String> groups = new LinkedHashMap<>();
        List<String> references = new ArrayList<>();
        StringBuilder rewritten = new StringBuilder(regex.length() + 16);
        int classDepth = 0;
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\' && regex.startsWith("\\Q", i)) {
                int end = regex.indexOf("\\E", i + 2);
                int stop = end < 0 ? regex.length() : end + 2;
                rewritten.append(regex, i, stop);
                i = stop;
            }
            else if (c == '\\' && regex.startsWith("\\k<", i) && classDepth == 0) {
                int close = regex.indexOf('>', i + 3);
                if (close < 0) {
                    rewritten.append(regex, i, regex.length());
                    break;
                }
                String name = regex.substring(i + 3, close);
                references.add(name);
                rewritten.append("\\k<").append(javaName(name)).append('>');
                i = close + 1;
            }
            else if (c == '\\') {
                int stop = Math.min(i + 2, regex.length());
                rewritten.append(regex, i, stop);
                i = stop;
            }
            else if (c == '[') {
                classDepth++;
                rewritten.append(c);
                i++;
            }
            else if (c == ']' && classDepth > 0) {
                classDepth--;
                rewritten.append(c);
                i++;
            }
            else if (classDepth == 0 && regex.startsWith("(?<", i) && i + 3 < regex.length()
                    && Character.isLetter(regex.charAt(i + 3))) { // not a look-behind (?<= or (?<!
                int close = regex.indexOf('>', i + 3);
                if (close < 0) {
                    rewritten.append(regex, i, regex.length());
                    break;
                }
                String name = regex.substring(i + 3, close);
                if (groups.containsKey(name)) {
                    throw new IllegalArgumentException("the named group '" + name + "' appears twice in: " + regex);
                }
                String javaName = javaName(name);
                groups.put(name, javaName);
                rewritten.append("(?<").append(javaName).append('>');
                i = close + 1;
            }
            else {
                rewritten.append(c);
                i++;
            }
        }
        for (String reference : references) {
            if (!groups.containsKey(reference)) {
                throw new IllegalArgumentException("\\k<" + reference + "> refers to no named group in: " + regex);
            }
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(rewritten.toString());
        }
        catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid Java regex: " + e.getDescription()
                    + (rewritten.toString().equals(regex) ? " near index " + e.getIndex() : "") + " in: " + regex, e);
        }
        return new NamedGroupPattern(pattern, Collections.unmodifiableMap(groups));
    }

    /**
     * Names Java accepts stay as they are (so its error messages show them); others get a letters-and-digits name.
     * References resolve by name, so the same user name must map to the same Java name wherever it occurs.
     */
    private static String javaName(final String name) {
        if (name.matches("[A-Za-z][A-Za-z0-9]*")) {
            return name;
        }
        return "gtUserGroup" + Integer.toHexString(name.hashCode() & 0x7fffffff) + "x"
                + name.replaceAll("[^A-Za-z0-9]", "");
    }

    Pattern pattern() {
        return pattern;
    }

    /** Each named group as the user wrote it, to its name in {@link #pattern()}, in order of appearance. */
    Map<String, String> groups() {
        return groups;
    }
}
