package io.jenkins.plugins.gputraining.agent.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian ({@code chromium} and {@code chromium-driver} packages), driven by Selenium. Keeps the
 * browser console so tests can assert that a page logged no errors and no Content-Security-Policy violations.
 */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final List<LogEntry> console = new ArrayList<>();

    private Browser(final ChromeDriver driver, final ChromeDriverService service, final Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /** Starts headless Chromium; fails (not skips) when Debian's chromium or chromium-driver is missing. */
    public static Browser start() throws IOException {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (Debian package chromium)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add(CHROMEDRIVER + " (Debian package chromium-driver)");
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("The dashboard browser tests need Debian's headless Chromium: missing "
                    + String.join(", ", missing) + ". Install them with: "
                    + "sudo apt-get install -y chromium chromium-driver");
        }
        Path profile = Files.createTempDirectory("gpu-training-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,1000", "--lang=en-US",
                "--log-level=3");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(System.err)
                .withSilent(true)
                .build();
        try {
            return new Browser(new ChromeDriver(service, options), service, profile);
        }
        catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Runs a Chrome DevTools Protocol command (e.g. {@code Network.setBlockedURLs}). */
    public Map<String, Object> cdp(final String command, final Map<String, Object> parameters) {
        return driver.executeCdpCommand(command, parameters);
    }

    public Object script(final String script, final Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs an asynchronous script: it ends by calling its last argument. */
    public Object asyncScript(final String script, final Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /**
     * Waits up to {@code seconds} for the condition to hold (not be null or false). A missing or stale element counts as
     * not yet: pages re-render parts of themselves while they refresh.
     */
    public <T> T await(final int seconds, final String what, final Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(100))
                .withMessage(what)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** The browser console since the last call (errors, warnings, CSP violations). */
    public List<LogEntry> drainConsole() {
        collectConsole();
        List<LogEntry> entries = new ArrayList<>(console);
        console.clear();
        return entries;
    }

    /**
     * The browser console since the last drain, once it satisfies {@code until} or {@code seconds} have passed, whichever
     * comes first (then it may not satisfy it: the caller asserts).
     */
    public List<LogEntry> drainConsoleWithin(final int seconds, final Predicate<List<LogEntry>> until) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(50)).until(driver -> {
                collectConsole();
                return until.test(console);
            });
        }
        catch (TimeoutException e) {
            // the caller's assertion says what was missing
        }
        return drainConsole();
    }

    private void collectConsole() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    }

    public Path screenshot(final String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name + ".png");
        File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** A screenshot of the whole page height (the window grows to the document, then shrinks back). */
    public Path fullPageScreenshot(final String name) throws IOException {
        Number height = (Number) script("return Math.max(document.body.scrollHeight, "
                + "document.documentElement.scrollHeight)");
        Dimension before = driver.manage().window().getSize();
        int target = Math.min(6000, height.intValue() + 140);
        if (target <= before.getHeight()) {
            return screenshot(name); // the page fits the window
        }
        long innerBefore = ((Number) script("return window.innerHeight")).longValue();
        driver.manage().window().setSize(new Dimension(before.getWidth(), target));
        try {
            // The charts resize (ResizeObserver) and redraw in the frames after the window's new size applies.
            await(5, "the window to grow", d -> ((Number) script("return window.innerHeight")).longValue() > innerBefore);
            asyncScript("const done = arguments[arguments.length - 1];"
                    + "requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => done())));");
            return screenshot(name);
        }
        finally {
            driver.manage().window().setSize(before);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        }
        finally {
            service.stop();
            deleteTree(profile);
        }
    }

    private static void deleteTree(final Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            // a temp profile left behind is harmless
        }
    }
}
