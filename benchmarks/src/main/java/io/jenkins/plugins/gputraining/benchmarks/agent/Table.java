package io.jenkins.plugins.gputraining.benchmarks.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table with a title, left-aligned first column and right-aligned others. */
final class Table {
    private final String title;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(final String title) {
        this.title = title;
    }

    Table header(final String... cells) {
        rows.add(cells);
        rows.add(null); // rule
        return this;
    }

    Table row(final String... cells) {
        rows.add(cells);
        return this;
    }

    Table note(final String note) {
        notes.add(note);
        return this;
    }

    /** Whether a figure met its target: "met" or "MISSED". */
    static String verdict(final boolean met) {
        return met ? "met" : "MISSED";
    }

    static String format(final String pattern, final Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    /** Nanoseconds as µs (below 10 ms) or ms. */
    static String duration(final double nanos) {
        if (nanos < 10_000_000) {
            return format("%.1f µs", nanos / 1e3);
        }
        return format("%.2f ms", nanos / 1e6);
    }

    static String ratio(final double ratio) {
        return format("%.3f×", ratio);
    }

    @Override
    public String toString() {
        int columns = 0;
        for (String[] row : rows) {
            if (row != null) {
                columns = Math.max(columns, row.length);
            }
        }
        int[] widths = new int[columns];
        for (String[] row : rows) {
            if (row != null) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
        }
        StringBuilder text = new StringBuilder(title).append('\n');
        int total = 0;
        for (int width : widths) {
            total += width + 2;
        }
        for (String[] row : rows) {
            if (row == null) {
                text.append("-".repeat(Math.max(0, total - 2))).append('\n');
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                String padding = " ".repeat(widths[i] - cell.length());
                line.append(i == 0 ? cell + padding : padding + cell);
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        for (String note : notes) {
            text.append(note).append('\n');
        }
        return text.toString();
    }
}
