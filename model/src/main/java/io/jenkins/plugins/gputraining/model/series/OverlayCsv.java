package io.jenkins.plugins.gputraining.model.series;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.jenkins.plugins.gputraining.model.csv.CsvCells;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes an overlay as CSV in long format, one row per point, so spreadsheets and pandas can pivot it:
 * <pre>
 * series,x,y
 * run-a,10,2.31
 * run-a,20,
 * run-b,10,2.4
 * </pre>
 * The header is always {@code series,x,y} (x measures the overlay's {@link Axis}); series follow in overlay order,
 * points in x order; a gap (NaN y) is an empty {@code y}; whole numbers are written without a fraction ({@code 10},
 * not {@code 10.0}); other numbers as Java writes a double ({@code 2.5E-5}); RFC 4180 quoting where a name needs it,
 * and a leading {@code '} where a spreadsheet would take a name for a formula ({@link CsvCells}).
 */
public final class OverlayCsv {
    private static final CsvMapper MAPPER = new CsvMapper();
    private static final CsvSchema SCHEMA = CsvSchema.builder()
            .addColumn("series", CsvSchema.ColumnType.STRING)
            .addColumn("x", CsvSchema.ColumnType.NUMBER)
            .addColumn("y", CsvSchema.ColumnType.NUMBER)
            .setUseHeader(true)
            .build();

    private OverlayCsv() {
    }

    /** Writes the overlay to the writer, which stays open. */
    public static void write(final Overlay overlay, final Writer out) throws IOException {
        try (CsvGenerator generator = MAPPER.getFactory().createGenerator(out)) {
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            generator.setSchema(SCHEMA);
            for (Series series : overlay.series()) {
                for (int i = 0; i < series.size(); i++) {
                    generator.writeStartArray();
                    generator.writeString(CsvCells.text(series.name()));
                    PointNumbers.write(generator, series.x(i));
                    PointNumbers.write(generator, series.y(i));
                    generator.writeEndArray();
                }
            }
        }
    }

    /** The overlay as a CSV string. */
    public static String toCsv(final Overlay overlay) {
        StringWriter out = new StringWriter();
        try {
            write(overlay, out);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV to a string", e);
        }
        return out.toString();
    }
}
