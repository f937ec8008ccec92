package io.jenkins.plugins.gputraining.agent.dashboard.pages;

import io.jenkins.plugins.gputraining.agent.dashboard.Browser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The compare page, {@code #/compare?ids=…}: a run picker; for two runs or more, the winner of each category, the runs
 * side by side with the winning cells marked, and their loss curves overlaid.
 */
public final class ComparePage extends Page {
    ComparePage(final Browser browser) {
        super(browser);
    }

    /** Waits for the picker to list at least {@code count} runs. */
    public ComparePage awaitPicker(final int count) {
        await(15, "the run picker", () -> findAll("#compare-picker input.pick-run").size() >= count);
        return this;
    }

    /** Waits for the side-by-side table. */
    public ComparePage awaitTable() {
        await(10, "the compare table", () -> exists("#compare-table"));
        return this;
    }

    /** Waits until the table shows {@code count} runs. */
    public ComparePage awaitRows(final int count) {
        await(15, count + " rows", () -> rows().size() == count);
        return this;
    }

    /** Waits until the loss chart overlays {@code count} curves, none empty. */
    public ComparePage awaitCurves(final int count) {
        await(15, count + " loss curves", () -> lossCurves().hasData(count) && lossCurves().series().size() == count);
        return this;
    }

    /** Waits for the comparison of the ids in the route: its rows and its curves. */
    public ComparePage awaitLoaded(final int runs) {
        return awaitRows(runs).awaitCurves(runs);
    }

    /** The runs the picker offers, by id. */
    public List<String> pickable() {
        return findAll("#compare-picker label[data-job-id]").stream().map(label -> label.getAttribute("data-job-id"))
                .toList();
    }

    /** Ticks or unticks a run in the picker. */
    public ComparePage pick(final String id) {
        find("#compare-picker label[data-job-id='" + id + "']").click();
        return this;
    }

    /** Unticks a picked run. */
    public ComparePage unpick(final String id) {
        return pick(id);
    }

    /** What the picker says of the selection, e.g. "3 of 5 runs selected". */
    public String pickerHint() {
        return text("#picker-hint");
    }

    /** Whether the page asks for at least two runs (and shows no comparison). */
    public boolean asksForTwoRuns() {
        return displayed("#compare-hint");
    }

    /** The runs side by side, by id, in table order. */
    public List<String> rows() {
        return findAll("#compare-table tbody tr").stream().map(row -> row.getAttribute("data-job-id")).toList();
    }

    /** The winner cards: category (best_throughput, best_loss, fastest, most_efficient) to run id ("" for none). */
    public Map<String, String> winners() {
        Map<String, String> winners = new LinkedHashMap<>();
        for (WebElement card : findAll("#compare-winners .winner-card")) {
            winners.put(card.getAttribute("id").substring("winner-".length()), card.getAttribute("data-job-id"));
        }
        return winners;
    }

    /** Every cell of the table marked as a category's winner. */
    public List<WinningCell> winningCells() {
        return findAll("#compare-table td.winner").stream().map(ComparePage::winningCell).toList();
    }

    /** The cells marked as the winner of one category. */
    public List<WinningCell> winningCells(final String category) {
        return findAll("#compare-table td.winner[data-winner='" + category + "']").stream()
                .map(ComparePage::winningCell).toList();
    }

    private static WinningCell winningCell(final WebElement cell) {
        return new WinningCell(cell.getAttribute("data-winner"), cell.getAttribute("data-column"),
                cell.findElement(By.xpath("./ancestor::tr")).getAttribute("data-job-id"), cell.getText(),
                cell.findElements(By.cssSelector(".winner-mark")).size());
    }

    /** The loss curves of the compared runs. */
    public Chart lossCurves() {
        return new Chart(browser, "chart-compare-loss");
    }

    /**
     * A table cell marked as a category's winner.
     *
     * @param category the winner category
     * @param column the table column it is in
     * @param jobId the run of its row
     * @param text what it shows (the mark, then the value)
     * @param marks how many winner marks it has
     */
    public record WinningCell(String category, String column, String jobId, String text, int marks) {
    }
}
