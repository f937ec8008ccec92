package io.jenkins.plugins.gputraining.model.progress;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * The JSON dialect of the format: readers accept bare {@code NaN}/{@code Infinity} (Python's json module writes
 * them) and numbers written as strings (HuggingFace Trainer 5.x quotes them); writers emit standard JSON, with
 * non-finite numbers as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}.
 */
public final class ProgressJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    /**
     * The readers' mapper: as {@link #MAPPER}, and a key repeated in an object is an error, not "last one wins";
     * numbers are parsed with Jackson's fast (and exact) parser, since runs have millions of them.
     */
    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    /** Record times are epoch seconds from 1970 up to the end of year 9999 (docs/progress-format.md). */
    static final double MAX_EPOCH_SECONDS = 253_402_300_800.0;

    private ProgressJson() {
    }

    /** The shared, thread-safe mapper configured for this format. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    static JsonFactory factory() {
        return MAPPER.getFactory();
    }

    /** The factory readers parse records with. */
    static JsonFactory readerFactory() {
        return STRICT.getFactory();
    }

    /** The mapper readers use for trees (progress.json, unknown fields): duplicate keys are an error. */
    static ObjectMapper strictMapper() {
        return STRICT;
    }

    /**
     * Reads the current token as a number field of a record (docs/progress-format.md, "Strictness"): {@code null}
     * for JSON null; NaN and infinities as spelled by training tools; a number written as a string.
     *
     * @throws MalformedRecordException when the value is not a number (an object, an array, a boolean, other text)
     */
    static Double number(final JsonParser parser, final String field) throws IOException, MalformedRecordException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getDoubleValue();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_STRING) {
            Double value = parseDouble(parser.getText());
            if (value == null) {
                throw new MalformedRecordException("\"" + field + "\" is not a number: " + quoted(parser.getText()));
            }
            return value;
        }
        parser.skipChildren();
        throw new MalformedRecordException("\"" + field + "\" is not a number but " + describe(token));
    }

    /**
     * Reads the current token as an integer field: a JSON integer, or a number (or numeric string) with no fraction,
     * that fits a signed 64-bit integer. Never rounded, wrapped or clamped.
     *
     * @throws MalformedRecordException when the value is not an integer or does not fit
     */
    static Long integer(final JsonParser parser, final String field) throws IOException, MalformedRecordException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new MalformedRecordException("\"" + field + "\" " + shortened(parser.getText())
                        + " does not fit a 64-bit integer");
            }
            return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            Long value = exactLong(text);
            if (value == null) {
                throw new MalformedRecordException("\"" + field + "\" is not an integer that fits 64 bits: "
                        + (token == JsonToken.VALUE_STRING ? quoted(text) : shortened(text)));
            }
            return value;
        }
        parser.skipChildren();
        throw new MalformedRecordException("\"" + field + "\" is not an integer but " + describe(token));
    }

    /**
     * Marks a field as seen in a record, for the duplicate check: a key repeated in one record makes it malformed
     * (which value was meant cannot be known).
     *
     * @return {@code seen} with the field's bit set
     * @throws MalformedRecordException when the field was seen already
     */
    static int once(final int seen, final int bit, final String field) throws MalformedRecordException {
        if ((seen & bit) != 0) {
            throw new MalformedRecordException("duplicate key \"" + field + "\"");
        }
        return seen | bit;
    }

    /** The integer a number's text denotes exactly ({@code 12}, {@code 12.0}, {@code 1.2e1}), or null. */
    static Long exactLong(final String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.trim()).longValueExact();
        }
        catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * Reads a record's {@code time}: epoch seconds, finite, from 1970 to the end of year 9999.
     *
     * @throws MalformedRecordException otherwise
     */
    static double time(final JsonParser parser) throws IOException, MalformedRecordException {
        Double time = number(parser, "time");
        if (time == null || !(time >= 0 && time < MAX_EPOCH_SECONDS)) {
            throw new MalformedRecordException("\"time\" " + (time == null ? "is null" : "is " + spell(time))
                    + "; expected epoch seconds between 1970 and 9999");
        }
        return time;
    }

    /** A number as messages print it: integers without ".0", non-finite values by name. */
    static String spell(final double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static String describe(final JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> String.valueOf(token);
        };
    }

    /** Text for a message: quoted and cut to a readable length, so that a huge value cannot flood a report. */
    static String quoted(final String text) {
        return "\"" + shortened(text) + "\"";
    }

    static String shortened(final String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "…";
    }

    static String readString(final JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        return parser.getText();
    }

    /** Parses a number written as text, accepting the spellings of NaN and infinity that training tools print. */
    public static Double parseDouble(final String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "nan", "-nan", "+nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        try {
            return Double.valueOf(trimmed);
        }
        catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads a tree value as a number with the same tolerance as the streaming reader. */
    static Double asDouble(final JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.isTextual() ? parseDouble(node.textValue()) : null;
    }

    static Long asLong(final JsonNode node) {
        if (node != null && node.isIntegralNumber()) {
            return node.longValue();
        }
        Double value = asDouble(node);
        return value == null || value.isNaN() || value.isInfinite() ? null : Math.round(value);
    }

    static String asText(final JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** Writes a number field, spelling non-finite values as strings so the output stays standard JSON. */
    static void writeNumber(final JsonGenerator generator, final String field, final Double value) throws IOException {
        if (value == null) {
            return;
        }
        generator.writeFieldName(field);
        writeNumber(generator, value);
    }

    static void writeNumber(final JsonGenerator generator, final double value) throws IOException {
        if (Double.isNaN(value)) {
            generator.writeString("NaN");
        }
        else if (Double.isInfinite(value)) {
            generator.writeString(value > 0 ? "Infinity" : "-Infinity");
        }
        else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            generator.writeNumber((long) value);
        }
        else {
            String text = Double.toString(value);
            // Epoch seconds would print as 1.7672256E9: keep numbers readable for people and jq.
            generator.writeNumber(text.indexOf('E') < 0 ? text : new java.math.BigDecimal(text).toPlainString());
        }
    }

    static void writeNumber(final JsonGenerator generator, final String field, final Long value) throws IOException {
        if (value != null) {
            generator.writeNumberField(field, value);
        }
    }

    static void writeString(final JsonGenerator generator, final String field, final String value) throws IOException {
        if (value != null) {
            generator.writeStringField(field, value);
        }
    }
}
