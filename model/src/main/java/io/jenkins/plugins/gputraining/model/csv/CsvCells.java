package io.jenkins.plugins.gputraining.model.csv;

/**
 * Text cells of the CSV exports made safe to open in a spreadsheet (CSV injection, OWASP): a cell that starts with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab, a carriage return or a line feed would be taken for a formula,
 * so it gets a leading {@code '}, which spreadsheets show as text. Numbers are written as numbers and never pass
 * through here (a negative loss stays {@code -0.5}). A carriage return inside a cell is written as a line feed: the
 * CSV writer quotes a cell holding a line feed, but not one holding a lone carriage return, which spreadsheets
 * take for the end of the row.
 */
public final class CsvCells {
    private CsvCells() {
    }

    /**
     * A text cell as it is written: {@code '} in front when it would start a formula, else unchanged.
     *
     * @param text the cell's text, or {@code null} (an empty cell)
     */
    public static String text(final String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String oneLineBreak = text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
        return startsFormula(text.charAt(0)) ? "'" + oneLineBreak : oneLineBreak;
    }

    /** Whether a spreadsheet takes a cell starting with this character for a formula. */
    static boolean startsFormula(final char first) {
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                || first == '\n';
    }
}
