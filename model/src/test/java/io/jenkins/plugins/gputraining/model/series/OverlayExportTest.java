package io.jenkins.plugins.gputraining.model.series;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverlayExportTest {
    private static final double NaN = Double.NaN;

    private final Overlay overlay = Overlay.of(Axis.STEP, List.of(
            Series.of("run-a", new double[] {10, 20, 30}, new double[] {2.31, NaN, 2.5e-5}),
            Series.of("run, \"b\"", new double[] {10.5}, new double[] {-4})));

    @Test
    void csvIsLongFormatWithAHeaderAndAnEmptyYForAGap() throws IOException {
        String csv = OverlayCsv.toCsv(overlay);

        assertThat(csv.lines().findFirst()).hasValue("series,x,y");
        assertThat(csv.lines().skip(1).findFirst()).hasValue("run-a,10,2.31");
        List<Map<String, String>> rows = readCsv(csv);
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).containsExactly(Map.entry("series", "run-a"), Map.entry("x", "10"),
                Map.entry("y", "2.31"));
        assertThat(rows.get(1)).containsEntry("x", "20").containsEntry("y", "");
        assertThat(Double.parseDouble(rows.get(2).get("y"))).isEqualTo(2.5e-5);
        assertThat(rows.get(3)).containsExactly(Map.entry("series", "run, \"b\""), Map.entry("x", "10.5"),
                Map.entry("y", "-4"));
    }

    @Test
    void csvNamesThatASpreadsheetWouldRunAsAFormulaAreNeutralised() throws IOException {
        String csv = OverlayCsv.toCsv(Overlay.of(Axis.STEP, List.of(
                Series.of("=1+cmd|' /C calc'!A0", new double[] {1}, new double[] {-2}),
                Series.of("-1+1", new double[] {1}, new double[] {3}),
                Series.of("gpu0", new double[] {1}, new double[] {4}))));

        List<Map<String, String>> rows = readCsv(csv);

        assertThat(rows).extracting(row -> row.get("series"))
                .containsExactly("'=1+cmd|' /C calc'!A0", "'-1+1", "gpu0");
        assertThat(rows.get(0).get("y")).as("numbers are not touched").isEqualTo("-2");
    }

    @Test
    void csvLeavesTheWriterOpenForTheCaller() throws IOException {
        StringWriter out = new StringWriter();
        OverlayCsv.write(Overlay.of(Axis.ELAPSED_SECONDS, List.of()), out);
        out.write("more");

        assertThat(out.toString()).isEqualTo("series,x,y\nmore");
    }

    @Test
    void jsonHasTheAxisAndOneArrayOfXYPairsPerSeriesWithNullForAGap() throws IOException {
        JsonNode json = new ObjectMapper().readTree(OverlayJson.toJson(overlay));

        assertThat(json.get("axis").asText()).isEqualTo("step");
        assertThat(json.get("series")).hasSize(2);
        JsonNode runA = json.get("series").get(0);
        assertThat(runA.get("name").asText()).isEqualTo("run-a");
        assertThat(runA.get("points").toString()).isEqualTo("[[10,2.31],[20,null],[30,2.5E-5]]");
        assertThat(runA.get("points").get(0).get(0).isIntegralNumber()).isTrue();
        assertThat(runA.get("points").get(1).get(1).isNull()).isTrue();
        JsonNode runB = json.get("series").get(1);
        assertThat(runB.get("name").asText()).isEqualTo("run, \"b\"");
        assertThat(runB.get("points").get(0).get(0).doubleValue()).isEqualTo(10.5);
        assertThat(runB.get("points").get(0).get(1).doubleValue()).isEqualTo(-4);
    }

    @Test
    void jsonNamesTheElapsedAxisInSnakeCase() throws IOException {
        Overlay elapsed = Overlay.of(Axis.ELAPSED_SECONDS, List.of(Series.empty("run-a")));

        JsonNode json = new ObjectMapper().readTree(OverlayJson.toJson(elapsed));

        assertThat(json.toString()).isEqualTo("{\"axis\":\"elapsed_seconds\",\"series\":[{\"name\":\"run-a\","
                + "\"points\":[]}]}");
    }

    @Test
    void aDownsampledOverlayExportsOnlyTheKeptPoints() throws IOException {
        Series.Builder loss = Series.builder("run-a");
        for (int step = 1; step <= 10_000; step++) {
            loss.add(step, step == 5_000 ? NaN : 1.0 / step);
        }
        Overlay thinned = Overlay.of(Axis.STEP, List.of(loss.build())).downsample(50);

        JsonNode points = new ObjectMapper().readTree(OverlayJson.toJson(thinned)).get("series").get(0).get("points");
        List<Map<String, String>> rows = readCsv(OverlayCsv.toCsv(thinned));

        assertThat(points.size()).isLessThanOrEqualTo(50).isEqualTo(rows.size());
        assertThat(points.get(0).toString()).isEqualTo("[1,1]");
        assertThat(points.get(points.size() - 1).get(0).asInt()).isEqualTo(10_000);
        assertThat(points.toString()).contains("[5000,null]");
        assertThat(rows).contains(Map.of("series", "run-a", "x", "5000", "y", ""));
    }

    private static List<Map<String, String>> readCsv(final String csv) throws IOException {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(csv)) {
            return rows.readAll();
        }
    }
}
