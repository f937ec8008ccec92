package io.jenkins.plugins.gputraining.model.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON of the analytics contract (docs/analytics.md): snake_case keys, every key present, unknown values {@code null}.
 */
public final class AnalyticsJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private AnalyticsJson() {
    }

    /** The configured, thread-safe mapper (for streaming into a response, for example). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Compact JSON of an analytics value (run analytics, summary, comparison, …). */
    public static String toJson(final Object analytics) {
        try {
            return MAPPER.writeValueAsString(analytics);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + analytics.getClass().getSimpleName(), e);
        }
    }

    /** Indented JSON, for people reading a terminal. */
    public static String toPrettyJson(final Object analytics) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(analytics);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + analytics.getClass().getSimpleName(), e);
        }
    }

    /** The JSON tree of an analytics value. */
    public static JsonNode toTree(final Object analytics) {
        return MAPPER.valueToTree(analytics);
    }
}
