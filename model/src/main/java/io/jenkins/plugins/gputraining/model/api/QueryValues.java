package io.jenkins.plugins.gputraining.model.api;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parsing of query-string values shared by the API's queries: choices among names, and bounded whole numbers. */
final class QueryValues {
    private QueryValues() {
    }

    /** An enum constant by its JSON name ({@code null} or blank: the default). */
    static <E extends Enum<E>> E choice(final Class<E> type, final String value, final E defaultValue,
                                        final Function<E, String> jsonName, final String parameter) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (jsonName.apply(constant).equals(wanted)) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(jsonName).collect(Collectors.joining(", "));
        throw ApiRequestException.badRequest("bad " + parameter + " \"" + PrintableText.printable(value) + "\"; expected one of "
                + allowed);
    }

    /** A whole number within bounds ({@code null} or blank: the default). */
    static int wholeNumber(final String value, final int defaultValue, final int min, final int max,
                           final String parameter) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        int number;
        try {
            number = Integer.parseInt(value.strip());
        }
        catch (NumberFormatException e) {
            throw ApiRequestException.badRequest("bad " + parameter + " \"" + PrintableText.printable(value) + "\"; expected a whole "
                    + "number between " + min + " and " + max);
        }
        if (number < min || number > max) {
            throw ApiRequestException.badRequest("bad " + parameter + " " + number + "; expected a whole number between "
                    + min + " and " + max);
        }
        return number;
    }

}
