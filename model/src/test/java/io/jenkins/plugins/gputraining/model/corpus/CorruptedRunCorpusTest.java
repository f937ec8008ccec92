package io.jenkins.plugins.gputraining.model.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gputraining.model.analytics.AlertThresholds;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsCache;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.analytics.Summary;
import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.series.Axis;
import io.jenkins.plugins.gputraining.model.series.GpuMetric;
import io.jenkins.plugins.gputraining.model.series.RunSeries;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corrupted-run corpus (model/src/test/resources/corrupted-runs): the committed files are what
 * {@link CorruptedRunCorpus} generates, every case gets its stated answer through the public readers and analytics,
 * and one summary over all of them succeeds, listing the bad ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorruptedRunCorpusTest {
    private Path temp;
    private Path root;
    private final RunAnalyzer analyzer = new RunAnalyzer(
            Clock.fixed(Instant.ofEpochSecond(CorruptedRunCorpus.T0 + 1000), ZoneOffset.UTC), AlertThresholds.defaults());

    /** The committed cases copied next to the ones made at test time, all in one folder. */
    @BeforeAll
    void assembleTheCorpus(@TempDir final Path folder) throws IOException {
        temp = folder;
        root = temp.resolve("corpus");
        copy(CorruptedRunCorpus.COMMITTED, root);
        for (CorruptedRunCorpus.Case one : CorruptedRunCorpus.cases()) {
            if (!one.committed()) {
                one.make(root);
            }
        }
    }

    @Test
    void hasAtLeastSixtyCasesWithDistinctNames() {
        List<String> names = CorruptedRunCorpus.cases().stream().map(CorruptedRunCorpus.Case::name).toList();

        assertThat(names).hasSizeGreaterThanOrEqualTo(60).doesNotHaveDuplicates();
    }

    @Test
    void committedFilesAreWhatTheGeneratorWrites() throws IOException {
        Path fresh = temp.resolve("fresh");
        CorruptedRunCorpus.main(new String[] {fresh.toString()});

        assertThat(tree(CorruptedRunCorpus.COMMITTED)).as("regenerate with CorruptedRunCorpus.main (see its comment)")
                .isEqualTo(tree(fresh));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGetsItsAnswer() {
        return CorruptedRunCorpus.cases().stream().map(one -> DynamicTest.dynamicTest(one.name(),
                () -> answer(one, root.resolve(one.name()))));
    }

    private void answer(final CorruptedRunCorpus.Case one, final Path dir) throws IOException {
        CorruptedRunCorpus.Expect expect = one.expect();
        RunDirectory run = RunDirectory.at(dir);
        switch (expect.kind()) {
            case NOT_A_RUN -> {
                assertThat(RunDirectory.isRunDirectory(dir)).isFalse();
                assertThatThrownBy(() -> analyzer.analyze(run)).isInstanceOf(ProgressException.class)
                        .hasMessageContaining(expect.reason());
            }
            case UNREADABLE -> assertThatThrownBy(() -> analyzer.analyze(run)).isInstanceOf(ProgressException.class)
                    .hasMessageContaining(expect.reason());
            case ANALYSED -> {
                JsonNode analytics = AnalyticsJson.toTree(analyzer.analyze(run));
                DocumentedRanges.check(analytics);
                for (CorruptedRunCorpus.Check check : expect.checks()) {
                    check(analytics, check);
                }
                RunSeries series = RunSeries.read(run);
                for (TrainingMetric metric : TrainingMetric.values()) {
                    series.training(metric, Axis.STEP);
                    series.training(metric, Axis.ELAPSED_SECONDS);
                }
                for (GpuMetric metric : GpuMetric.values()) {
                    series.gpuOverlay(metric).downsample(100);
                }
            }
            default -> throw new IllegalStateException(expect.kind().toString());
        }
    }

    private static void check(final JsonNode analytics, final CorruptedRunCorpus.Check check) {
        JsonNode node = at(analytics, check.path());
        String what = check.describe();
        switch (check.op()) {
            case EQUALS -> {
                Object expected = check.value();
                if (expected == null) {
                    assertThat(node.isNull()).as(what + ", was " + node).isTrue();
                }
                else if (expected instanceof String text) {
                    assertThat(node.textValue()).as(what).isEqualTo(text);
                }
                else if (expected instanceof Number number) {
                    assertThat(node.isNumber()).as(what + ", was " + node).isTrue();
                    assertThat(node.doubleValue()).as(what).isEqualTo(number.doubleValue());
                }
                else {
                    assertThat(node).as(what).isEqualTo(AnalyticsJson.toTree(expected));
                }
            }
            case MENTIONS -> {
                List<String> texts = new ArrayList<>();
                if (node.isArray()) {
                    node.forEach(element -> texts.add(element.asText()));
                }
                else {
                    texts.add(node.asText());
                }
                assertThat(texts).as(what).anyMatch(text -> text.contains((String) check.value()));
            }
            case NEAR -> {
                double expected = ((Number) check.value()).doubleValue();
                assertThat(node.doubleValue()).as(what)
                        .isBetween(expected * (1 - check.tolerance()), expected * (1 + check.tolerance()));
            }
            case AT_MOST -> assertThat(node.doubleValue()).as(what)
                    .isLessThanOrEqualTo(((Number) check.value()).doubleValue());
            default -> throw new IllegalStateException(check.op().toString());
        }
    }

    private static JsonNode at(final JsonNode root, final String path) {
        JsonNode node = root;
        for (String key : path.split("\\.")) {
            JsonNode next = node.isArray() ? node.get(Integer.parseInt(key)) : node.get(key);
            assertThat(next).as("\"" + path + "\" in " + root).isNotNull();
            node = next;
        }
        return node;
    }

    @Test
    void oneSummaryOverTheWholeCorpusSucceedsAndListsTheBadRuns() {
        List<RunDirectory> runs = RunDirectory.list(root);
        AnalyticsCache cache = new AnalyticsCache(analyzer, Clock.systemUTC());

        Summary summary = cache.summarize(runs);
        JsonNode json = AnalyticsJson.toTree(summary);

        List<CorruptedRunCorpus.Case> cases = CorruptedRunCorpus.cases();
        long analysed = cases.stream().filter(one -> one.expect().kind() == CorruptedRunCorpus.Expect.Kind.ANALYSED)
                .count();
        assertThat(summary.totalRuns()).isEqualTo(analysed);
        for (CorruptedRunCorpus.Case one : cases) {
            switch (one.expect().kind()) {
                case UNREADABLE -> assertThat(summary.unreadableRuns()).as(one.name())
                        .anyMatch(line -> line.startsWith(one.name() + ": ") && line.contains(one.expect().reason()));
                case NOT_A_RUN -> assertThat(runs).as(one.name() + " is not listed")
                        .noneMatch(run -> run.path().getFileName().toString().equals(one.name()));
                case ANALYSED -> assertThat(summary.unreadableRuns()).as(one.name())
                        .noneMatch(line -> line.startsWith(one.name() + ": "));
                default -> throw new IllegalStateException();
            }
            boolean damaged = one.expect().checks().stream().anyMatch(check -> check.op()
                    == CorruptedRunCorpus.Check.Op.EQUALS && check.value() instanceof Number number
                    && number.longValue() > 0 && (check.path().equals("data_quality.malformed_records")
                    || check.path().equals("data_quality.skipped_values")));
            if (damaged) {
                assertThat(summary.runsWithDataProblems()).as(one.name() + " is listed as damaged")
                        .anyMatch(line -> line.startsWith(one.name() + ": "));
            }
        }
        assertThat(summary.runsWithDataProblems()).noneMatch(line -> line.startsWith("valid-control: "));
        assertThat(json.get("unreadable_runs").size()).isEqualTo(summary.unreadableRuns().size());
        assertThat(cache.summarize(runs)).as("from the cache: the same answer").isEqualTo(summary);
    }

    /** Every file under a folder, by relative path, with the SHA-256 of its bytes. */
    private static Map<String, String> tree(final Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                try {
                    files.put(dir.relativize(file).toString(), HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                }
                catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return files;
    }

    private static void copy(final Path from, final Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
