package io.jenkins.plugins.gputraining.runner.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a table a training prints as it goes, read from its header row: skorch's epoch table
 * ({@code epoch    train_loss    valid_acc    valid_loss     dur}) and scikit-learn's boosting table
 * ({@code Iter       Train Loss   Remaining Time}). Columns are separated by two or more blanks, a tab or a '|';
 * each has the span its name takes. Rows of bare numbers are then read by position: a number belongs to the column
 * whose name ends where it ends (right-aligned cells) or whose span it overlaps.
 */
final class TableLayout {
    private final List<Column> columns;

    /** One column: its printed name and where the name stands in the header. */
    private record Column(String name, int start, int end) {
    }

    private TableLayout(final List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** The columns of a header line (a line without numbers), or {@code null} when it has fewer than two. */
    static TableLayout header(final String line) {
        List<Column> columns = new ArrayList<>();
        int i = 0;
        int length = line.length();
        while (i < length) {
            while (i < length && (isSeparator(line.charAt(i)) || line.charAt(i) == ' ')) {
                i++;
            }
            if (i >= length) {
                break;
            }
            int start = i;
            int end = i;
            while (i < length && !isSeparator(line.charAt(i))) {
                if (line.charAt(i) == ' ' && (i + 1 >= length || isSeparator(line.charAt(i + 1))
                        || line.charAt(i + 1) == ' ')) {
                    break; // two blanks end a column name
                }
                i++;
                end = i;
            }
            String name = line.substring(start, end).strip();
            if (!name.isEmpty()) {
                if (!Character.isLetter(name.charAt(0))) {
                    return null; // rules (-------), box drawing, prose with punctuation: no header
                }
                columns.add(new Column(name, start, end));
            }
        }
        return columns.size() < 2 ? null : new TableLayout(columns);
    }

    private static boolean isSeparator(final char c) {
        return c == '\t' || c == '|';
    }

    /** Where the header's last column name ends. */
    int end() {
        return columns.get(columns.size() - 1).end();
    }

    /** The column names, in order. */
    List<String> names() {
        List<String> names = new ArrayList<>(columns.size());
        for (Column column : columns) {
            names.add(column.name());
        }
        return names;
    }

    /**
     * Each number of a row named by its column, or {@code null} when the row does not fit this table (a number
     * under no column, two numbers under one).
     */
    List<ConsoleToken> row(final List<ConsoleToken> numbers) {
        if (numbers.size() < 2 || numbers.size() > columns.size()) {
            return null;
        }
        List<ConsoleToken> named = new ArrayList<>(numbers.size());
        boolean[] used = new boolean[columns.size()];
        for (ConsoleToken number : numbers) {
            int column = columnOf(number);
            if (column < 0 || used[column]) {
                return null;
            }
            used[column] = true;
            named.add(number.named(columns.get(column).name()));
        }
        return named;
    }

    private int columnOf(final ConsoleToken number) {
        int overlapping = -1;
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            if (Math.abs(column.end() - number.end()) <= 1) {
                return c;
            }
            if (number.start() < column.end() && number.end() > column.start()) {
                overlapping = overlapping < 0 ? c : -2;
            }
        }
        return overlapping >= 0 ? overlapping : -1;
    }
}
