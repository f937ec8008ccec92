package io.jenkins.plugins.gputraining.agent.dashboard.pages;

import io.jenkins.plugins.gputraining.agent.dashboard.Browser;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The runs list, {@code #/}: a row per run, newest first; ticks pick runs to compare. */
public final class RunsPage extends Page {
    RunsPage(final Browser browser) {
        super(browser);
    }

    /** Waits for the first load of the list to show. */
    public RunsPage awaitLoaded() {
        await(15, "the runs list", () -> !text("#runs-updated").isEmpty() || !shownText("#runs-error").isEmpty());
        return this;
    }

    /** Waits until the table shows at least {@code count} runs. */
    public RunsPage awaitRows(final int count) {
        await(15, count + " runs in the table", () -> findAll("#runs-table tbody tr[data-job-id]").size() >= count);
        return this;
    }

    /** The runs shown, in table order. */
    public List<Row> rows() {
        return fresh(() -> findAll("#runs-table tbody tr[data-job-id]").stream().map(RunsPage::row).toList());
    }

    /** The row of one run. */
    public Row row(final String id) {
        return fresh(() -> row(find("#runs-table tbody tr[data-job-id='" + id + "']")));
    }

    private static Row row(final WebElement row) {
        WebElement link = row.findElement(By.cssSelector("a.run-link"));
        return new Row(row.getAttribute("data-job-id"), link.getText(), link.getAttribute("href"),
                badge(row.findElement(By.cssSelector(".status-pill"))),
                badge(row.findElement(By.cssSelector(".efficiency-badge"))));
    }

    /** Ticks (or unticks) a run for comparison. */
    public RunsPage select(final String id) {
        find("#runs-table tr[data-job-id='" + id + "'] input.select-run").click();
        return this;
    }

    /** Whether "Compare selected" can be pressed. */
    public boolean canCompare() {
        return enabled("#compare-selected");
    }

    /** What the toolbar says of the selection, e.g. "2 selected". */
    public String selectionInfo() {
        return text("#selection-info");
    }

    /** Presses "Compare selected" and waits for the comparison. */
    public ComparePage compareSelected() {
        find("#compare-selected").click();
        return new ComparePage(browser).awaitTable();
    }

    /**
     * A run as the list shows it.
     *
     * @param id the run id
     * @param name its name, as text
     * @param link where its name links to
     * @param status its status pill
     * @param efficiency its efficiency badge
     */
    public record Row(String id, String name, String link, Badge status, Badge efficiency) {
    }
}
