package io.jenkins.plugins.gputraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Jenkins 2.479's conventions in the views, checked on the sources (the stubs run no Jelly): the jakarta request
 * ({@code request2}), the stylesheet as an adjunct rather than a {@code <link>} per build history row, static files
 * that exist where {@code hpi:run} and JenkinsRule serve them (the Resource-Path), and one quality-gate form block
 * with one set of help files.
 */
class JellyConventionsTest {
    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path PACKAGE = RESOURCES.resolve("io/jenkins/plugins/gputraining");
    private static final Path WEBAPP = Path.of("src/main/webapp");
    private static final Path DASHBOARD = Path.of("../agent/src/main/resources/dashboard");
    private static final Pattern OLD_REQUEST = Pattern.compile("\\$\\{[^}]*\\brequest\\b(?!2)[^}]*}");
    private static final Pattern PLUGIN_FILE = Pattern.compile("/plugin/gpu-training/([\\w./-]+)");
    private static final Pattern ADJUNCT = Pattern.compile("<st:adjunct includes=\"([\\w.-]+)\"");
    private static final String STYLESHEET = "io.jenkins.plugins.gputraining.training";
    private static final List<String> GATE_FIELDS = List.of("maxFinalLoss", "minGpuUtilization", "minThroughput",
            "minEfficiency", "failOnAlerts", "gateResult", "archiveCheckpoints");

    private static List<Path> views() throws IOException {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(file -> file.toString().endsWith(".jelly")).toList();
        }
    }

    private static String read(final Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void viewsUseTheJakartaRequest() throws IOException {
        for (Path view : views()) {
            Matcher old = OLD_REQUEST.matcher(read(view));
            assertThat(old.find()).as(view + " uses ${request}, the javax wrapper, not request2: "
                    + (old.hitEnd() ? "" : old.group())).isFalse();
        }
        assertThat(read(PACKAGE.resolve("view/TrainingBuildView/index.jelly"))).contains("h.getCrumb(request2)");
    }

    @Test
    void theStylesheetIsAnAdjunctNeverALinkPerRow() throws IOException {
        for (Path view : views()) {
            String jelly = read(view);
            assertThat(jelly).as(view.toString()).doesNotContain("css/gpu-training.css");
            Matcher adjunct = ADJUNCT.matcher(jelly);
            while (adjunct.find()) {
                String name = adjunct.group(1);
                if (name.startsWith("io.jenkins.plugins.gputraining")) {
                    Path base = RESOURCES.resolve(name.replace('.', '/'));
                    assertThat(Files.exists(Path.of(base + ".css")) || Files.exists(Path.of(base + ".js")))
                            .as(view + ": adjunct " + name + " is a resource").isTrue();
                }
            }
        }
        for (String view : List.of("TrainingBuildAction/badge.jelly", "TrainingBuildAction/summary.jelly",
                "TrainingJobAction/index.jelly", "TrainingCompareAction/index.jelly",
                "view/TrainingBuildView/index.jelly")) {
            String jelly = read(PACKAGE.resolve(view));
            assertThat(jelly).as(view).contains("<st:adjunct includes=\"" + STYLESHEET + "\"/>")
                    .doesNotContain("<link rel=\"stylesheet\" href=\"${resURL}/plugin/gpu-training/css");
        }
    }

    @Test
    void staticFilesExistUnderTheResourcePathOfEveryBuild() throws Exception {
        // Every /plugin/gpu-training/… a view names is in src/main/webapp or the agent's dashboard …
        List<String> missing = new ArrayList<>();
        for (Path view : views()) {
            Matcher file = PLUGIN_FILE.matcher(read(view));
            while (file.find()) {
                String path = file.group(1);
                boolean found = path.startsWith("dashboard/")
                        ? Files.isRegularFile(DASHBOARD.resolve(path.substring("dashboard/".length())))
                        : Files.isRegularFile(WEBAPP.resolve(path));
                if (!found) {
                    missing.add(view + ": " + path);
                }
            }
        }
        assertThat(missing).isEmpty();
        // … and the real build serves both from one folder: maven-hpi-plugin's warSourceDirectory, which is the
        // Resource-Path of hpi:run's and JenkinsRule's .hpl (the default, src/main/webapp, lacks the dashboard).
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        String warSource = null;
        List<String> copied = new ArrayList<>();
        String copiedTo = null;
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            String artifact = text(plugin, "artifactId");
            if ("maven-hpi-plugin".equals(artifact)) {
                warSource = text(plugin, "warSourceDirectory");
            }
            if ("maven-resources-plugin".equals(artifact)) {
                copiedTo = text(plugin, "outputDirectory");
                NodeList directories = plugin.getElementsByTagName("directory");
                for (int j = 0; j < directories.getLength(); j++) {
                    copied.add(directories.item(j).getTextContent().trim());
                }
            }
        }
        assertThat(warSource).as("maven-hpi-plugin's warSourceDirectory").isEqualTo("${webapp.dir}");
        assertThat(copiedTo).isEqualTo(warSource);
        assertThat(copied).contains("src/main/webapp", "${dashboard.dir}");
    }

    @Test
    void theQualityGatesAreOneFormBlockWithOneSetOfHelp() throws IOException {
        Path tag = PACKAGE.resolve("tags/qualityGates.jelly");
        assertThat(PACKAGE.resolve("tags/taglib")).exists();
        for (String field : GATE_FIELDS) {
            assertThat(read(tag)).contains("field=\"" + field + "\"");
            assertThat(PACKAGE.resolve("GatedTrainingStep/help-" + field + ".html")).exists();
            for (String step : List.of("TrainOnGpuStep", "RecordTrainingStep")) {
                assertThat(PACKAGE.resolve(step + "/help-" + field + ".html")).doesNotExist();
                assertThat(read(PACKAGE.resolve(step + "/config.jelly"))).doesNotContain("field=\"" + field + "\"")
                        .contains("<g:qualityGates/>");
            }
        }
    }

    private static String text(final Element parent, final String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
