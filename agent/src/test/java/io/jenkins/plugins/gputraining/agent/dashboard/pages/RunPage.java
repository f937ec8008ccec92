package io.jenkins.plugins.gputraining.agent.dashboard.pages;

import io.jenkins.plugins.gputraining.agent.dashboard.Browser;
import java.util.List;
import java.util.Locale;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * A run's page, {@code #/run/{id}}: its status and how the page follows it (live over the stream, polling, ended), the
 * controls (API token, pause mode, Pause, Resume, Cancel), the summary cards, the charts, checkpoints and downloads.
 */
public final class RunPage extends Page {
    RunPage(final Browser browser) {
        super(browser);
    }

    /**
     * Waits for the page to have loaded the run (its progress, analytics and charts) and to follow it: live, polling,
     * or ended for a finished run; or for the page's error.
     */
    public RunPage awaitLoaded() {
        await(15, "the run page to load", () -> !liveState().isEmpty() && !"connecting".equals(liveState())
                || !error().isEmpty());
        return this;
    }

    // ---- status --------------------------------------------------------------------------------------------------

    /** The run's name as the heading shows it. */
    public String title() {
        return text(".run-title");
    }

    /** The status pill's text, e.g. "running". */
    public String status() {
        return text("#run-status");
    }

    /** Waits until the status pill says {@code status} (case aside). */
    public RunPage awaitStatus(final String status, final int seconds) {
        await(seconds, "the page to show " + status, () -> status().equalsIgnoreCase(status));
        return this;
    }

    /** How the page follows the run: "connecting", "live", "polling", "ended", or "" before it starts. */
    public String liveState() {
        return classes(find("#live-indicator")).stream()
                .filter(name -> name.startsWith("live-") && !name.equals("live-indicator"))
                .map(name -> name.substring("live-".length())).findFirst().orElse("");
    }

    /** Waits until the page follows the run as {@code state} says (see {@link #liveState()}). */
    public RunPage awaitLive(final String state, final int seconds) {
        await(seconds, "the page to be " + state, () -> liveState().equals(state));
        return this;
    }

    /** The page's error message, or "" when it shows none. */
    public String error() {
        return shownText("#run-error");
    }

    /** Waits for the page's error message. */
    public RunPage awaitError() {
        await(10, "the error", () -> !error().isEmpty());
        return this;
    }

    /** The GPUs line, e.g. "GPU 0: NVIDIA H200 (140.4 GiB)". */
    public String gpuInventory() {
        return text("#gpu-inventory");
    }

    /** Whether the page says the run has no GPU telemetry. */
    public boolean telemetryNoticeShown() {
        return displayed("#telemetry-notice");
    }

    public String telemetryNotice() {
        return text("#telemetry-notice");
    }

    // ---- controls -------------------------------------------------------------------------------------------------

    public boolean canPause() {
        return enabled("#pause-button");
    }

    public boolean canResume() {
        return enabled("#resume-button");
    }

    public boolean canCancel() {
        return enabled("#cancel-button");
    }

    /** Empties the API token field. */
    public RunPage clearToken() {
        find("#token-input").clear();
        return this;
    }

    /** Types the API token into its field. */
    public RunPage enterToken(final String token) {
        find("#token-input").sendKeys(token);
        return this;
    }

    /** Presses Pause once it can be pressed, with the pause mode as it is. */
    public RunPage pause() {
        clickWhenEnabled("pause-button", "pause enabled");
        return this;
    }

    /** Chooses a pause mode ("suspend" or "checkpoint") and presses Pause, once it can be pressed. */
    public RunPage pause(final String mode) {
        awaitEnabled("pause-button", "pause enabled");
        new Select(find("#pause-mode")).selectByValue(mode);
        find("#pause-button").click();
        return this;
    }

    /** Presses Resume once it can be pressed. */
    public RunPage resume() {
        clickWhenEnabled("resume-button", "resume enabled");
        return this;
    }

    /** Presses Cancel once it can be pressed, and confirms. */
    public RunPage cancel() {
        clickWhenEnabled("cancel-button", "cancel enabled");
        browser.await(5, "the confirmation", ExpectedConditions.alertIsPresent()).accept();
        return this;
    }

    /** What the page says of the last action, e.g. "Paused: …" or "Pause failed: …". */
    public ActionResult actionResult() {
        WebElement result = find("#action-result");
        String kind = classes(result).stream().filter(name -> name.startsWith("result-"))
                .map(name -> name.substring("result-".length())).findFirst().orElse("");
        return new ActionResult(kind, result.getText(), result.getAttribute("aria-live"));
    }

    /** Waits until the last action's result is of {@code kind} ("pending", "ok", "error"). */
    public ActionResult awaitActionResult(final String kind) {
        await(10, "an action result: " + kind, () -> actionResult().kind().equals(kind));
        return actionResult();
    }

    /** Waits until the last action's result starts with {@code text}. */
    public ActionResult awaitActionResultStartingWith(final String text) {
        await(10, "the outcome " + text, () -> actionResult().text().startsWith(text));
        return actionResult();
    }

    private void awaitEnabled(final String id, final String what) {
        browser.await(10, what, ExpectedConditions.elementToBeClickable(By.id(id)));
    }

    private void clickWhenEnabled(final String id, final String what) {
        browser.await(10, what, ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    // ---- cards, charts, files -------------------------------------------------------------------------------------

    /** A summary card by its name: duration, throughput, gpu-util, gpu-memory, energy, loss, step, efficiency. */
    public Card card(final String name) {
        String css = "#card-" + name.toLowerCase(Locale.ROOT);
        return new Card(text(css + " .card-value"), text(css + " .card-detail"));
    }

    /** Waits until the cards show the run's analytics (the final loss is known). */
    public RunPage awaitCards() {
        await(10, "the cards", () -> !card("loss").value().equals("\u2014"));
        return this;
    }

    /** The efficiency card's badge. */
    public Badge efficiencyBadge() {
        return badge(find("#card-efficiency .efficiency-badge"));
    }

    public Chart chart(final RunChart chart) {
        return new Chart(browser, chart.id());
    }

    /** The points of the loss chart's series. */
    public long lossChartPoints() {
        return chart(RunChart.LOSS).points();
    }

    /** Waits until a chart shows at least {@code series} series, none empty. */
    public RunPage awaitChart(final RunChart chart, final int series, final int seconds) {
        await(seconds, chart.id() + " with " + series + " series of data", () -> chart(chart).hasData(series));
        return this;
    }

    /** The checkpoints' download links, oldest checkpoint first. */
    public List<String> checkpointLinks() {
        return findAll("#checkpoints-table a.checkpoint-download").stream().map(a -> a.getAttribute("href")).toList();
    }

    /** The run directory's download links. */
    public List<String> downloadLinks() {
        return findAll("#artifact-links a").stream().map(a -> a.getAttribute("href")).toList();
    }

    /** A summary card: its value (with its unit, where it has one) and its detail line. */
    public record Card(String value, String detail) {
    }

    /**
     * What the page says of an action.
     *
     * @param kind pending, ok or error
     * @param text the message
     * @param ariaLive how screen readers announce it
     */
    public record ActionResult(String kind, String text, String ariaLive) {
    }
}
