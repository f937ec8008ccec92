package io.jenkins.plugins.gputraining.model.progress;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fields a record carries beyond the ones this version knows; kept so that nothing a writer added is lost. */
final class ExtraFields {
    private Map<String, JsonNode> fields;

    /**
     * Reads the value of a field this version does not know.
     *
     * @throws MalformedRecordException when the record already had a field of that name
     */
    void read(final String name, final JsonParser parser) throws IOException, MalformedRecordException {
        if (fields == null) {
            fields = new LinkedHashMap<>();
        }
        JsonNode value = ProgressJson.strictMapper().readTree(parser);
        if (fields.putIfAbsent(name, value) != null) {
            throw new MalformedRecordException("duplicate key \"" + ProgressJson.shortened(name) + "\"");
        }
    }

    Map<String, JsonNode> toMap() {
        return fields == null ? Map.of() : Collections.unmodifiableMap(fields);
    }

    static Map<String, JsonNode> copy(final Map<String, JsonNode> extra) {
        return extra == null || extra.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    static void write(final JsonGenerator generator, final Map<String, JsonNode> extra) throws IOException {
        for (Map.Entry<String, JsonNode> entry : extra.entrySet()) {
            generator.writeFieldName(entry.getKey());
            generator.writeTree(entry.getValue());
        }
    }
}
