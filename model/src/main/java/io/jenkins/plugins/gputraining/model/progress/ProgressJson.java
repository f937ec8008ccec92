package io.jenkins.plugins.gputraining.model.progress;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
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

    private ProgressJson() {
    }

    /** The shared, thread-safe mapper configured for this format. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    static JsonFactory factory() {
        return MAPPER.getFactory();
    }

    /** Reads the current token as a number, or {@code null} when it is null or not a number. */
    static Double readDouble(final JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            return parseDouble(parser.getText());
        }
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren();
        }
        return null;
    }

    /** Reads the current token as an integral number, or {@code null}. */
    static Long readLong(final JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue();
        }
        Double value = readDouble(parser);
        return value == null || value.isNaN() || value.isInfinite() ? null : Math.round(value);
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
