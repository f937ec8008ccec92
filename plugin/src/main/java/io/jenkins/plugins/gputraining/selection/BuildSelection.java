package io.jenkins.plugins.gputraining.selection;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Which builds {@code compareTraining} compares: exactly one of {@code builds: [12, 15]} (those builds, in that
 * order), {@code last: N} (the last N builds with training, this one included when it has some, oldest first), or
 * {@code against: 'lastSuccessful'} (that build, then this one).
 *
 * @param builds explicit build numbers, or empty
 * @param last how many of the latest trained builds, or {@code null}
 * @param against a baseline to compare this build against, or {@code null}
 */
public record BuildSelection(List<Integer> builds, Integer last, Against against) {
    /** The most builds one comparison takes. */
    public static final int MAX_BUILDS = 100;

    /** A baseline build relative to this one. */
    public enum Against {
        /** The newest earlier build that succeeded (SUCCESS or UNSTABLE) and has training. */
        LAST_SUCCESSFUL("lastSuccessful"),
        /** The newest earlier build with result SUCCESS and training. */
        LAST_STABLE("lastStable"),
        /** The newest earlier finished build with training, whatever its result. */
        PREVIOUS("previous");

        private final String symbol;

        Against(final String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** Parses the pipeline's name ({@code lastSuccessful}, {@code lastStable}, {@code previous}; any case). */
        public static Against parse(final String value) {
            for (Against against : values()) {
                if (against.symbol.equalsIgnoreCase(value.trim())) {
                    return against;
                }
            }
            throw new IllegalArgumentException("against must be lastSuccessful, lastStable or previous, was \""
                    + PrintableText.printable(value) + "\"");
        }
    }

    public BuildSelection {
        if (builds != null && builds.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("builds must be build numbers (1 or more), was null");
        }
        builds = builds == null ? List.of() : List.copyOf(new LinkedHashSet<>(builds));
        int given = (builds.isEmpty() ? 0 : 1) + (last == null ? 0 : 1) + (against == null ? 0 : 1);
        if (given != 1) {
            throw new IllegalArgumentException("compareTraining needs exactly one of builds: [numbers], last: N or "
                    + "against: 'lastSuccessful'" + (given > 1 ? " (several were given)" : ""));
        }
        for (Integer number : builds) {
            if (number == null || number < 1) {
                throw new IllegalArgumentException("builds must be build numbers (1 or more), was " + number);
            }
        }
        if (builds.size() > MAX_BUILDS) {
            throw new IllegalArgumentException("builds lists " + builds.size() + " builds; at most " + MAX_BUILDS
                    + " can be compared");
        }
        if (last != null && (last < 2 || last > MAX_BUILDS)) {
            throw new IllegalArgumentException("last must be between 2 and " + MAX_BUILDS + ", was " + last);
        }
    }

    /** From the step's arguments; {@code against} by its pipeline name. */
    public static BuildSelection of(final List<Integer> builds, final Integer last, final String against) {
        return new BuildSelection(builds, last, against == null || against.isBlank() ? null : Against.parse(against));
    }

    /** Parses a compare page's {@code builds=12,15,17} (also {@code 12 15}); duplicates dropped. */
    public static List<Integer> parseNumbers(final String text) {
        List<Integer> numbers = new ArrayList<>();
        if (text == null) {
            return numbers;
        }
        for (String part : text.split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            String trimmed = part.trim().toLowerCase(Locale.ROOT).replaceFirst("^#", "");
            try {
                int number = Integer.parseInt(trimmed);
                if (number < 1) {
                    throw new NumberFormatException();
                }
                if (!numbers.contains(number)) {
                    numbers.add(number);
                }
            }
            catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a build number: \"" + PrintableText.printable(part) + "\"");
            }
        }
        return numbers;
    }
}
