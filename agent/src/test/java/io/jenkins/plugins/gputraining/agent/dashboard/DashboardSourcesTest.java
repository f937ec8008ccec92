package io.jenkins.plugins.gputraining.agent.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files follow the rules that let the agent's service and the Jenkins plugin host them under a strict
 * Content-Security-Policy: static files only, no inline script, style or event handler, DOM built without HTML
 * strings. (The browser test checks the same at run time, in Chromium.)
 */
class DashboardSourcesTest {
    private static final Path DASHBOARD = Path.of("src", "main", "resources", "dashboard");
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENT_HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern STYLE_ATTRIBUTE = Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern IMPORT = Pattern.compile("\\bfrom\\s+'([^']*)'");

    private static List<Path> files(final String suffix) throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARD)) {
            return files.filter(file -> file.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void theHostPageHasNoInlineScriptStyleOrHandler() throws IOException {
        String html = Files.readString(DASHBOARD.resolve("index.html"), StandardCharsets.UTF_8);
        assertThat(INLINE_SCRIPT.matcher(html).find()).as("inline <script>").isFalse();
        assertThat(EVENT_HANDLER.matcher(html).find()).as("on* attribute").isFalse();
        assertThat(STYLE_ATTRIBUTE.matcher(html).find()).as("style attribute").isFalse();
        assertThat(html).doesNotContain("<style", "javascript:")
                .contains("<script src=\"vendor/echarts.min.js\"></script>",
                        "<script type=\"module\" src=\"app.js\"></script>", "id=\"gpu-training-app\"",
                        "data-api-base=\"\"", "data-stream=\"true\"");
    }

    @Test
    void scriptsBuildTheDomWithoutHtmlStringsInlineStylesOrEval() throws IOException {
        List<Path> scripts = files(".js");
        assertThat(scripts).extracting(path -> path.getFileName().toString())
                .contains("app.js", "api.js", "charts.js", "page-run.js", "page-runs.js", "page-summary.js",
                        "page-compare.js", "run-header.js", "run-controls.js", "run-charts.js", "run-feed.js");
        for (Path script : scripts) {
            String js = Files.readString(script, StandardCharsets.UTF_8);
            assertThat(js).as(script.toString()).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                    "document.write", "eval(", "new Function", ".style.", ".style =", "setAttribute('style'",
                    "javascript:", "setTimeout('", "setInterval('");
            assertThat(EVENT_HANDLER.matcher(js.replaceAll("(?m)^\\s*//.*$", "")).find())
                    .as(script + " assigns an on* handler in markup").isFalse();
            Matcher imports = IMPORT.matcher(js);
            while (imports.find()) {
                assertThat(imports.group(1)).as(script + ": imports stay relative static files (no build step)")
                        .matches("\\./[a-z-]+\\.js");
            }
        }
    }

    @Test
    void everyScriptIsAModuleThatTheAppImports() throws IOException {
        Set<String> reached = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>(List.of("app.js"));
        while (!next.isEmpty()) {
            String file = next.pop();
            if (reached.add(file)) {
                Matcher imports = IMPORT.matcher(Files.readString(DASHBOARD.resolve(file), StandardCharsets.UTF_8));
                while (imports.find()) {
                    next.push(imports.group(1).substring(2));
                }
            }
        }
        assertThat(reached).as("modules app.js reaches").containsExactlyInAnyOrderElementsOf(
                files(".js").stream().map(path -> path.getFileName().toString()).toList());
    }

    @Test
    void theStylesheetIsScopedToTheAppRoot() throws IOException {
        String css = Files.readString(DASHBOARD.resolve("app.css"), StandardCharsets.UTF_8)
                .replaceAll("(?s)/\\*.*?\\*/", "");
        for (String rule : css.split("}")) {
            int brace = rule.lastIndexOf('{');
            if (brace < 0) {
                continue;
            }
            String head = rule.substring(0, brace);
            String selectors = head.substring(head.lastIndexOf('{') + 1).strip();
            if (selectors.isEmpty() || selectors.startsWith("@")) {
                continue;
            }
            for (String selector : selectors.split(",")) {
                assertThat(selector.strip()).as("selector %s: scope it to the app so a host page keeps its own styles",
                        selector.strip()).matches("^\\.(gt-app|gt-standalone)\\b.*");
            }
        }
    }
}
