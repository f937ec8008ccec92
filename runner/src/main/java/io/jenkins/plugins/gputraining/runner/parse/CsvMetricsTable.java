package io.jenkins.plugins.gputraining.runner.parse;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.jenkins.plugins.gputraining.model.progress.ProgressJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A metrics CSV with a header line, as Lightning's CSVLogger writes it: {@code epoch,step,train_loss}, one row per
 * logging call, an empty cell where a row has no value for a column.
 *
 * <p>The loss is the first of {@code loss}, {@code train_loss_step} (what {@code self.log(…, on_step=True,
 * on_epoch=True)} produces) and {@code train_loss} that the row has; {@code train_loss_epoch}, {@code val_loss} and
 * the like stay metrics. The learning rate is {@code learning_rate}/{@code lr}, else the first {@code lr-…} column
 * (LearningRateMonitor's {@code lr-Adam}).
 */
final class CsvMetricsTable {
    private static final ObjectReader ROWS = new CsvMapper()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .readerFor(String[].class);
    private static final List<String> LOSS_COLUMNS = List.of("loss", "train_loss_step", "train_loss");

    private final List<String> columns;

    private CsvMetricsTable(final List<String> columns) {
        this.columns = columns;
    }

    /** The table a header line starts, or {@code null} when the line is no header (fewer than 2 names, a number). */
    static CsvMetricsTable ofHeader(final String line) {
        List<String> names = cells(line);
        if (names.size() < 2) {
            return null;
        }
        List<String> columns = new ArrayList<>(names.size());
        for (String name : names) {
            String column = name.strip();
            if (column.isEmpty() || ProgressJson.parseDouble(column) != null) {
                return null;
            }
            columns.add(column);
        }
        return new CsvMetricsTable(Collections.unmodifiableList(columns));
    }

    List<String> columns() {
        return columns;
    }

    /**
     * The row's non-empty cells by column, or {@code null} when its number of cells differs from the header's
     * (a torn line, or not a row of this table).
     */
    Map<String, String> row(final String line) {
        List<String> cells = cells(line);
        if (cells.size() != columns.size()) {
            return null;
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i).strip();
            if (!cell.isEmpty()) {
                row.put(columns.get(i), cell);
            }
        }
        return row;
    }

    /**
     * Identifies a row by its non-empty cells, independent of column order and of columns added later: when
     * Lightning rewrites the file with a wider header, the old rows keep their signature.
     */
    static long signature(final Map<String, String> row) {
        List<String> names = new ArrayList<>(row.keySet());
        Collections.sort(names);
        long hash = Fnv64.OFFSET_BASIS;
        for (String name : names) {
            hash = Fnv64.add(hash, name.getBytes(StandardCharsets.UTF_8));
            hash = Fnv64.add(hash, (byte) '=');
            hash = Fnv64.add(hash, row.get(name).getBytes(StandardCharsets.UTF_8));
            hash = Fnv64.add(hash, (byte) '\n');
        }
        return hash;
    }

    /** The row's observation, or empty when no cell holds a number. */
    static Optional<Observation> observation(final Map<String, String> row, final double time) {
        String lossColumn = firstNumeric(row, LOSS_COLUMNS);
        String learningRateColumn = null;
        if (!row.containsKey("learning_rate") && !row.containsKey("lr")) {
            learningRateColumn = row.keySet().stream().filter(name -> name.startsWith("lr-")).findFirst().orElse(null);
        }
        ObservationBuilder builder = new ObservationBuilder();
        for (Map.Entry<String, String> cell : row.entrySet()) {
            Double value = ProgressJson.parseDouble(cell.getValue());
            if (value == null) {
                continue;
            }
            String name = cell.getKey();
            if (name.equals(lossColumn)) {
                name = "loss";
            }
            else if (name.equals(learningRateColumn)) {
                name = "learning_rate";
            }
            builder.put(name, value);
        }
        return builder.build(time, false);
    }

    private static String firstNumeric(final Map<String, String> row, final List<String> candidates) {
        for (String candidate : candidates) {
            String cell = row.get(candidate);
            if (cell != null && ProgressJson.parseDouble(cell) != null) {
                return candidate;
            }
        }
        return null;
    }

    private static List<String> cells(final String line) {
        try (MappingIterator<String[]> rows = ROWS.readValues(line)) {
            return rows.hasNextValue() ? List.of(rows.nextValue()) : List.of();
        }
        catch (IOException | RuntimeException e) {
            return List.of(); // e.g. an unterminated quote: not a row we can read
        }
    }
}
