package io.jenkins.plugins.gputraining.model.series;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes an overlay as JSON that an ECharts line chart takes as it is (each {@code points} array is a series'
 * {@code data}, a {@code null} y breaks the line):
 * <pre>
 * {"axis":"step",
 *  "series":[{"name":"run-a","points":[[10,2.31],[20,null],[30,1.9]]},
 *            {"name":"run-b","points":[[10,2.4]]}]}
 * </pre>
 * {@code axis} is {@code step} or {@code elapsed_seconds} ({@link Axis#jsonName()}); series follow in overlay
 * order; each point is {@code [x, y]}; a gap (NaN y) is {@code null}; whole numbers are written without a fraction.
 * Keys are snake_case, like the rest of the analytics JSON.
 */
public final class OverlayJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private OverlayJson() {
    }

    /** Writes the overlay as one JSON object to a generator, for embedding it in a larger document. */
    public static void write(final Overlay overlay, final JsonGenerator generator) throws IOException {
        generator.writeStartObject();
        writeFields(overlay, generator);
        generator.writeEndObject();
    }

    /** Writes the overlay's fields ({@code axis}, {@code series}) into the object the generator is in. */
    public static void writeFields(final Overlay overlay, final JsonGenerator generator) throws IOException {
        generator.writeStringField("axis", overlay.axis().jsonName());
        generator.writeArrayFieldStart("series");
        for (Series series : overlay.series()) {
            generator.writeStartObject();
            generator.writeStringField("name", series.name());
            generator.writeArrayFieldStart("points");
            for (int i = 0; i < series.size(); i++) {
                generator.writeStartArray();
                PointNumbers.write(generator, series.x(i));
                PointNumbers.write(generator, series.y(i));
                generator.writeEndArray();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        }
        generator.writeEndArray();
    }

    /** Writes the overlay to the writer, which stays open. */
    public static void write(final Overlay overlay, final Writer out) throws IOException {
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(overlay, generator);
        }
    }

    /** The overlay as a JSON string. */
    public static String toJson(final Overlay overlay) {
        StringWriter out = new StringWriter();
        try {
            write(overlay, out);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to a string", e);
        }
        return out.toString();
    }
}
