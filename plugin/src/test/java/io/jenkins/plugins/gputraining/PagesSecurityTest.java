package io.jenkins.plugins.gputraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pages' security rules, checked on the sources: every Jelly view escapes by default, no view has inline script
 * or inline event handlers (CSP: scripts load by src and read data attributes), and the plugin's scripts build DOM
 * with textContent, never HTML strings. (That state changes are POST only is an ArchUnit rule:
 * PluginArchitectureTest.)
 */
class PagesSecurityTest {
    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path WEBAPP = Path.of("src/main/webapp");
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENT_HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

    private static List<Path> files(final Path root, final String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(suffix)).toList();
        }
    }

    @Test
    void everyViewEscapesByDefaultAndHasNoInlineScript() throws IOException {
        List<Path> views = files(RESOURCES, ".jelly");
        assertThat(views).hasSizeGreaterThanOrEqualTo(10);
        for (Path view : views) {
            String jelly = Files.readString(view, StandardCharsets.UTF_8);
            assertThat(jelly).as(view.toString()).startsWith("<?jelly escape-by-default='true'?>");
            assertThat(INLINE_SCRIPT.matcher(jelly).find()).as(view + " has an inline script").isFalse();
            assertThat(EVENT_HANDLER.matcher(jelly).find()).as(view + " has an inline event handler").isFalse();
            assertThat(jelly).as(view.toString()).doesNotContain("javascript:");
        }
    }

    @Test
    void scriptsBuildTheDomWithoutHtmlStrings() throws IOException {
        for (Path script : files(WEBAPP, ".js")) {
            String js = Files.readString(script, StandardCharsets.UTF_8);
            assertThat(js).as(script.toString()).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                    "document.write", "eval(", "new Function");
        }
    }
}
