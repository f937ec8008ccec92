package io.jenkins.plugins.gputraining.agent.dashboard.pages;

import io.jenkins.plugins.gputraining.agent.dashboard.Browser;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The dashboard in the browser: opening its pages, where it is (its route), what it keeps for the tab (the API
 * token), and what the browser console logged.
 */
public final class Dashboard extends Page {
    private final String base;

    /** @param base the URL the dashboard is served at, e.g. {@code http://127.0.0.1:8000} */
    public Dashboard(final Browser browser, final String base) {
        super(browser);
        this.base = base.replaceAll("/+$", "");
    }

    /** The runs list, {@code #/}. */
    public RunsPage runs() {
        open("/");
        return new RunsPage(browser);
    }

    /** A run's page, {@code #/run/{id}}. */
    public RunPage run(final String id) {
        open("/run/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        return new RunPage(browser);
    }

    /** The compare page, {@code #/compare?ids=…} (no ids: the run picker only). */
    public ComparePage compare(final String... ids) {
        open(ids.length == 0 ? "/compare" : "/compare?ids=" + String.join(",", ids));
        return new ComparePage(browser);
    }

    /** The summary, {@code #/summary}. */
    public SummaryPage summary() {
        open("/summary");
        return new SummaryPage(browser);
    }

    /** A route the dashboard does not have. */
    public NotFoundPage missing(final String route) {
        open(route);
        return new NotFoundPage(browser);
    }

    /** Loads the dashboard afresh at a route (a new document, not just a hash change) and waits for it to start. */
    private void open(final String route) {
        browser.driver().get("about:blank");
        browser.driver().get(base + "/#" + route);
        await(15, "the dashboard to start", () -> exists("#view .page"));
    }

    /** The route shown, e.g. {@code /compare?ids=a,b}. */
    public String route() {
        String fragment = URI.create(browser.driver().getCurrentUrl()).getRawFragment();
        return fragment == null ? "" : fragment;
    }

    /** The API token the dashboard keeps for this tab (sessionStorage), or null. */
    public String storedToken() {
        return (String) browser.script("return sessionStorage.getItem('gpu-training.token')");
    }

    /** What the console logged since the last call. */
    public Console console() {
        return new Console(browser.drainConsole());
    }

    /** What the console logged since the last call, once it shows a Content-Security-Policy violation or in time. */
    public Console consoleWithCspViolationWithin(final int seconds) {
        return new Console(browser.drainConsoleWithin(seconds,
                entries -> entries.stream().anyMatch(entry -> Console.isCspViolation(entry.getMessage()))));
    }

    /** Adds markup with an inline style to the page, as an injection would: the policy must refuse it. */
    public void injectMarkupWithInlineStyle() {
        browser.script("const div = document.createElement('div');"
                + "div.innerHTML = '<span style=\"color: red\">x</span>'; document.body.appendChild(div);");
    }

    /**
     * Makes every WebSocket the pages open from now on fail (they go to a path the service does not have), until the
     * returned handle is closed: the stream is unavailable.
     */
    public AutoCloseable breakWebSockets() {
        Object script = browser.cdp("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "(() => { const Real = window.WebSocket; window.WebSocket = class extends Real {"
                        + " constructor(url, protocols) { super(String(url) + '-unavailable', protocols); } }; })();"))
                .get("identifier");
        return () -> browser.cdp("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script));
    }
}
