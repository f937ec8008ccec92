package io.jenkins.plugins.gputraining.model.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.jenkins.plugins.gputraining.model.csv.CsvCells;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CSV export of analytics. A comparison is a table, one row per run (plus a {@code winner_of} column); run analytics
 * and summaries are flattened to {@code key,value} rows with dotted keys ({@code duration.total_seconds},
 * {@code alerts.0.kind}). Unknown values are empty cells. Text cells that a spreadsheet would take for a formula
 * (starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a line break) get a leading {@code '}
 * ({@link CsvCells}); numbers are written as they are.
 */
public final class AnalyticsCsv {
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
    private static final String[] COMPARISON_COLUMNS = {"job_id", "name", "status", "throughput", "duration_seconds",
            "gpu_utilization", "final_loss", "best_loss", "energy_wh", "overall_score"};

    private AnalyticsCsv() {
    }

    /** The comparison table. */
    public static String comparison(final Comparison comparison) {
        CsvSchema.Builder schema = CsvSchema.builder();
        for (String column : COMPARISON_COLUMNS) {
            schema.addColumn(column);
        }
        schema.addColumn("winner_of");
        List<Map<String, Object>> rows = new ArrayList<>();
        JsonNode winners = AnalyticsJson.toTree(comparison.winner());
        for (ComparedRun run : comparison.jobs()) {
            JsonNode row = AnalyticsJson.toTree(run);
            Map<String, Object> values = new LinkedHashMap<>();
            for (String column : COMPARISON_COLUMNS) {
                values.put(column, cell(row.get(column)));
            }
            List<String> won = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = winners.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> winner = it.next();
                if (run.runId() != null && run.runId().equals(winner.getValue().asText(null))) {
                    won.add(winner.getKey());
                }
            }
            values.put("winner_of", CsvCells.text(String.join(" ", won)));
            rows.add(values);
        }
        return write(schema.setUseHeader(true).build(), rows);
    }

    /** Any analytics value (run analytics, summary) flattened to {@code key,value} rows. */
    public static String flattened(final Object analytics) {
        List<Map<String, Object>> rows = new ArrayList<>();
        flatten("", AnalyticsJson.toTree(analytics), rows);
        CsvSchema schema = CsvSchema.builder().addColumn("key").addColumn("value").setUseHeader(true).build();
        return write(schema, rows);
    }

    private static void flatten(final String prefix, final JsonNode node, final List<Map<String, Object>> rows) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), rows);
            }
        }
        else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "." + i, node.get(i), rows);
            }
        }
        else {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", CsvCells.text(prefix));
            row.put("value", cell(node));
            rows.add(row);
        }
    }

    private static String cell(final JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        return value.isNumber() || value.isBoolean() ? value.asText() : CsvCells.text(value.asText());
    }

    private static String write(final CsvSchema schema, final List<Map<String, Object>> rows) {
        try {
            return CSV.writer(schema).writeValueAsString(rows);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write CSV", e);
        }
    }
}
