package io.jenkins.plugins.gputraining.agent.dashboard.pages;

import io.jenkins.plugins.gputraining.agent.dashboard.Browser;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * What the dashboard's page objects share: finding what the page shows, and waiting for it. Waits are explicit: on a
 * condition, polled, up to a limit; a missing or stale element counts as "not yet".
 */
public abstract class Page {
    protected final Browser browser;

    protected Page(final Browser browser) {
        this.browser = browser;
    }

    /** Waits up to {@code seconds} for {@code condition}; fails with {@code what} when it does not come. */
    public void await(final int seconds, final String what, final BooleanSupplier condition) {
        browser.await(seconds, what, driver -> condition.getAsBoolean());
    }

    /** The browser tab's title. */
    public String documentTitle() {
        return browser.driver().getTitle();
    }

    /**
     * Reads what the page shows, again if the page re-rendered it meanwhile (the runs list refreshes its rows every
     * 3 s): a read sees one rendering.
     */
    protected static <T> T fresh(final Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            }
            catch (StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    protected WebElement find(final String css) {
        return browser.driver().findElement(By.cssSelector(css));
    }

    protected List<WebElement> findAll(final String css) {
        return browser.driver().findElements(By.cssSelector(css));
    }

    protected boolean exists(final String css) {
        return !findAll(css).isEmpty();
    }

    protected String text(final String css) {
        return find(css).getText();
    }

    protected boolean displayed(final String css) {
        return find(css).isDisplayed();
    }

    protected boolean enabled(final String css) {
        return find(css).isEnabled();
    }

    /** The element's text where it shows, else empty (a hidden message box). */
    protected String shownText(final String css) {
        List<WebElement> found = findAll(css);
        return found.isEmpty() || !found.get(0).isDisplayed() ? "" : found.get(0).getText();
    }

    protected static Set<String> classes(final WebElement element) {
        String value = element.getAttribute("class");
        return value == null || value.isBlank() ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(value.strip().split("\\s+")));
    }

    protected static Badge badge(final WebElement element) {
        return new Badge(element.getText(), classes(element));
    }

    /**
     * A status pill or an efficiency badge as shown: its text and its classes (the colour: {@code status-completed},
     * {@code badge-green}, …).
     */
    public record Badge(String text, Set<String> classes) {
    }
}
