package io.jenkins.plugins.gputraining;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import io.jenkins.plugins.gputraining.bundle.RunnerBundle;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the assembled {@code target/gpu-training.hpi} (an integration test: it runs after packaging) and checks what a
 * Jenkins 2.479.3 controller reads from it: the plugin manifest, the plugin jar with its SezPoz {@code @Extension}
 * index and annotation-indexer {@code @Symbol} index, the views, the bundled model (and no Jackson, which the
 * jackson2-api plugin provides), the runner jar to ship to nodes, the web assets, and no stub class.
 */
class HpiStructureIT {
    private static final String PLUGIN_JAR = "WEB-INF/lib/gpu-training.jar";
    private static final List<String> EXTENSIONS = List.of(
            "io.jenkins.plugins.gputraining.TrainOnGpuStep$DescriptorImpl",
            "io.jenkins.plugins.gputraining.RecordTrainingStep$DescriptorImpl",
            "io.jenkins.plugins.gputraining.PauseTrainingStep$DescriptorImpl",
            "io.jenkins.plugins.gputraining.ResumeTrainingStep$DescriptorImpl",
            "io.jenkins.plugins.gputraining.CompareTrainingStep$DescriptorImpl",
            "io.jenkins.plugins.gputraining.TrainingActionFactory");

    @TempDir
    static Path temp;
    private static Path hpi;
    private static Path pluginJar;

    @BeforeAll
    static void extract() throws IOException {
        hpi = Path.of(System.getProperty("gpuTraining.hpi", "target/gpu-training.hpi"));
        assertThat(hpi).as("the offline build assembles the .hpi in package").exists();
        pluginJar = temp.resolve("gpu-training.jar");
        try (ZipFile zip = new ZipFile(hpi.toFile())) {
            ZipEntry entry = zip.getEntry(PLUGIN_JAR);
            assertThat(entry).as(PLUGIN_JAR).isNotNull();
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, pluginJar);
            }
        }
    }

    private static List<String> entries(final Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.stream().map(ZipEntry::getName).toList();
        }
    }

    private static String text(final Path zip, final String name) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry entry = file.getEntry(name);
            assertThat(entry).as(name + " in " + zip.getFileName()).isNotNull();
            try (InputStream in = file.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void manifestIsAJenkinsPluginManifest() throws IOException {
        try (JarFile jar = new JarFile(hpi.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Manifest-Version")).isEqualTo("1.0");
            assertThat(main.getValue("Short-Name")).isEqualTo("gpu-training");
            assertThat(main.getValue("Long-Name")).isEqualTo("GPU Training");
            assertThat(main.getValue("Group-Id")).isEqualTo("io.jenkins.plugins.gputraining");
            assertThat(main.getValue("Plugin-Version")).isEqualTo("0.1.0-SNAPSHOT");
            assertThat(main.getValue("Jenkins-Version")).isEqualTo("2.479.3");
            assertThat(main.getValue("Hudson-Version")).isEqualTo("2.479.3");
            assertThat(main.getValue("Minimum-Java-Version")).isEqualTo("17");
            assertThat(main.getValue("Support-Dynamic-Loading")).isEqualTo("true");
            assertThat(main.getValue("Plugin-License-Name")).isEqualTo("MIT License");
            assertThat(main.getValue("Url")).startsWith("https://");
            assertThat(main.getValue("Plugin-Dependencies").split(",")).containsExactly(
                    "workflow-step-api:704.ve4f0967e98fa_", "structs:350.v3b_30f09f2363", "echarts-api:5.6.0-5",
                    "jackson2-api:2.18.3-402.v74c4eb_f122b_2");
        }
    }

    @Test
    void extensionIndexIsTheSezPozIndexJenkinsReads() throws Exception {
        List<String> found = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {pluginJar.toUri().toURL()},
                HpiStructureIT.class.getClassLoader())) {
            for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, loader)) {
                found.add(item.className());
            }
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(EXTENSIONS);
    }

    @Test
    void symbolIndexNamesEveryStep() throws IOException {
        assertThat(text(pluginJar, "META-INF/annotations/org.jenkinsci.Symbol").lines()).containsExactly(
                "io.jenkins.plugins.gputraining.CompareTrainingStep$DescriptorImpl",
                "io.jenkins.plugins.gputraining.PauseTrainingStep$DescriptorImpl",
                "io.jenkins.plugins.gputraining.RecordTrainingStep$DescriptorImpl",
                "io.jenkins.plugins.gputraining.ResumeTrainingStep$DescriptorImpl",
                "io.jenkins.plugins.gputraining.TrainOnGpuStep$DescriptorImpl");
        assertThat(text(pluginJar, "META-INF/annotations/org.kohsuke.stapler.export.ExportedBean").lines())
                .contains("io.jenkins.plugins.gputraining.TrainingBuildAction");
    }

    @Test
    void pluginJarHoldsClassesViewsAndHelp() throws IOException {
        List<String> jar = entries(pluginJar);
        assertThat(jar).contains("index.jelly",
                "io/jenkins/plugins/gputraining/TrainOnGpuStep.class",
                "io/jenkins/plugins/gputraining/view/TrendChart.class",
                "io/jenkins/plugins/gputraining/view/TrainingBuildView/index.jelly",
                "io/jenkins/plugins/gputraining/TrainingBuildAction/summary.jelly",
                "io/jenkins/plugins/gputraining/TrainingBuildAction/badge.jelly",
                "io/jenkins/plugins/gputraining/TrainingJobAction/index.jelly",
                "io/jenkins/plugins/gputraining/TrainingCompareAction/index.jelly");
        for (String step : List.of("TrainOnGpuStep", "RecordTrainingStep", "PauseTrainingStep",
                "ResumeTrainingStep", "CompareTrainingStep")) {
            assertThat(jar).contains("io/jenkins/plugins/gputraining/" + step + "/config.jelly",
                    "io/jenkins/plugins/gputraining/" + step + "/help.html");
        }
    }

    @Test
    void bundlesTheModelAndTheRunnerButNotJackson() throws IOException {
        List<String> hpiEntries = entries(hpi);
        assertThat(hpiEntries).anyMatch(name -> name.matches("WEB-INF/lib/gpu-training-model-.*\\.jar"));
        assertThat(hpiEntries).filteredOn(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar"))
                .as("Jackson comes from jackson2-api").noneMatch(name -> name.contains("jackson"))
                .hasSize(2);

        try (ZipFile jar = new ZipFile(pluginJar.toFile())) {
            ZipEntry runner = jar.getEntry(RunnerBundle.RESOURCE);
            assertThat(runner).as("the runner jar shipped to nodes").isNotNull();
            try (JarInputStream runnerJar = new JarInputStream(jar.getInputStream(runner))) {
                assertThat(runnerJar.getManifest().getMainAttributes().getValue("Main-Class"))
                        .isEqualTo("io.jenkins.plugins.gputraining.runner.cli.RunnerCommand");
                List<String> classes = new ArrayList<>();
                for (var entry = runnerJar.getNextJarEntry(); entry != null; entry = runnerJar.getNextJarEntry()) {
                    classes.add(entry.getName());
                }
                assertThat(classes).as("the node runner carries no HTTP service, dashboard or demo")
                        .noneMatch(name -> name.startsWith("io/javalin/") || name.startsWith("org/eclipse/jetty/")
                                || name.startsWith("kotlin/") || name.startsWith("dashboard/")
                                || name.startsWith("io/jenkins/plugins/gputraining/agent/"));
            }
        }
    }

    /** The sizes docs/architecture.md promises: a node downloads at most 6 MB, Jenkins installs at most 10 MB. */
    @Test
    void theNodeJarAndThePluginStaySmall() throws IOException {
        long runnerBytes;
        try (ZipFile jar = new ZipFile(pluginJar.toFile())) {
            runnerBytes = jar.getEntry(RunnerBundle.RESOURCE).getSize();
        }
        long hpiBytes = Files.size(hpi);
        System.out.printf("node runner jar: %.2f MB (limit 6 MB); gpu-training.hpi: %.2f MB (limit 10 MB)%n",
                runnerBytes / 1e6, hpiBytes / 1e6);
        assertThat(runnerBytes).as("the node runner jar, bytes").isLessThanOrEqualTo(6_000_000L);
        assertThat(hpiBytes).as("the .hpi, bytes").isLessThanOrEqualTo(10_000_000L);
    }

    @Test
    void holdsTheWebAssetsAndTheSharedDashboard() throws IOException {
        List<String> hpiEntries = entries(hpi);
        assertThat(hpiEntries).contains("images/gpu-training.svg", "js/trend.js",
                "js/dashboard-host.js");
        // The stylesheet is an adjunct (<st:adjunct includes="io.jenkins.plugins.gputraining.training"/>), served
        // from the plugin's classes, so it works under hpi:run and in JenkinsRule tests as in the .hpi.
        assertThat(entries(pluginJar)).contains("io/jenkins/plugins/gputraining/training.css",
                "io/jenkins/plugins/gputraining/tags/taglib", "io/jenkins/plugins/gputraining/Messages.properties",
                "io/jenkins/plugins/gputraining/Messages.class");
        Path dashboard = Path.of(System.getProperty("gpuTraining.dashboard",
                "../agent/src/main/resources/dashboard"));
        try (Stream<Path> files = Files.list(dashboard)) {
            List<String> expected = files.map(file -> "dashboard/" + file.getFileName()).toList();
            assertThat(expected).contains("dashboard/app.js", "dashboard/index.html");
            assertThat(hpiEntries).containsAll(expected);
        }
    }

    @Test
    void containsNoStubClass() throws IOException {
        Path stubs = Path.of(System.getProperty("gpuTraining.stubs", "../jenkins-stubs/src/main/java"));
        List<String> stubClasses;
        try (Stream<Path> files = Files.walk(stubs)) {
            stubClasses = files.filter(file -> file.toString().endsWith(".java"))
                    .map(file -> stubs.relativize(file).toString().replace('\\', '/').replace(".java", ".class"))
                    .toList();
        }
        assertThat(stubClasses).contains("hudson/model/Run.class", "org/jenkinsci/Symbol.class");
        List<String> everything = new ArrayList<>(entries(hpi));
        everything.addAll(entries(pluginJar));
        assertThat(everything).doesNotContainAnyElementsOf(stubClasses)
                .noneMatch(name -> name.startsWith("hudson/") || name.startsWith("jenkins/")
                        || name.startsWith("org/kohsuke/") || name.startsWith("org/jenkinsci/"))
                .noneMatch(name -> name.contains("jenkins-stubs"));
    }
}
