package io.jenkins.plugins.gputraining.agent.dashboard.pages;

import io.jenkins.plugins.gputraining.agent.dashboard.Browser;
import java.util.List;

/** The summary, {@code #/summary}: totals, runs by status, the top performing runs and the resource trend. */
public final class SummaryPage extends Page {
    SummaryPage(final Browser browser) {
        super(browser);
    }

    /** Waits for the summary's figures. */
    public SummaryPage awaitFigures() {
        await(15, "the summary", () -> !totalRuns().equals("\u2014"));
        return this;
    }

    /** Waits for the figures and the trend chart's three series. */
    public SummaryPage awaitLoaded() {
        awaitFigures();
        await(15, "the trend chart", () -> trendChart().hasData(3));
        return this;
    }

    /** The "Runs" card's value. */
    public String totalRuns() {
        return text("#card-total-jobs .card-value");
    }

    /** How many runs the status bars count with a status. */
    public String statusCount(final String status) {
        return text("#jobs-by-status li[data-status='" + status + "'] .status-count");
    }

    /** The top performing runs, by id, best first. */
    public List<String> topRuns() {
        return findAll("#top-jobs-table tbody tr").stream().map(row -> row.getAttribute("data-job-id")).toList();
    }

    public Chart trendChart() {
        return new Chart(browser, "chart-resource-trends");
    }
}
