package io.jenkins.plugins.gputraining.model.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gputraining.model.analytics.AlertThresholds;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsCache;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import io.jenkins.plugins.gputraining.model.series.Axis;
import io.jenkins.plugins.gputraining.model.series.GpuMetric;
import io.jenkins.plugins.gputraining.model.series.RunSeries;
import io.jenkins.plugins.gputraining.model.series.Series;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The derived run index: the same answers as reading the run whole, stored, incremental, shared and bounded. */
class RunIndexTest {
    @TempDir
    Path root;

    private final Clock clock = Clock.fixed(RunFixture.at(10_000), ZoneOffset.UTC);
    private final RunAnalyzer analyzer = new RunAnalyzer(clock, AlertThresholds.defaults());
    private final SteppingClock cacheClock = new SteppingClock();

    private RunIndexCache cache(final boolean store) {
        return new RunIndexCache(analyzer, clock, RunIndexCache.DEFAULT_MAX_BYTES, store, null);
    }

    /** A run with a pause, two GPUs, a NaN loss and a restart from an earlier step. */
    private RunFixture richRun(final String id) {
        RunFixture run = RunFixture.run(root, id).gpus(2).curve(40, 2.0, 2.5, 0.95, 400).paused(30).resumed(41)
                .checkpoint(50, "checkpoint-25", 25);
        run.metric(81, 41L, Double.NaN, 400.0, 41 * 800L);
        run.metric(83, 30L, 1.0, 400.0, 42 * 800L);
        run.metric(85, 31L, 0.9, 400.0, 43 * 800L);
        return run.gpuLoad(80).endedAt(90);
    }

    @Test
    void answersAsReadingTheRunWhole() {
        RunDirectory run = richRun("rich").write();

        RunIndex index = cache(false).index(run);

        assertThat(AnalyticsJson.toJson(index.analytics())).isEqualTo(AnalyticsJson.toJson(analyzer.analyze(run)));
        RunSeries whole = RunSeries.read(run);
        for (TrainingMetric metric : TrainingMetric.values()) {
            for (Axis axis : Axis.values()) {
                assertThat(index.training(metric, axis)).as(metric + " by " + axis)
                        .isEqualTo(whole.training(metric, axis));
            }
        }
        assertThat(index.gpus()).isEqualTo(whole.gpus()).containsExactly(0, 1);
        for (GpuMetric metric : GpuMetric.values()) {
            assertThat(index.gpuOverlay(metric)).isEqualTo(whole.gpuOverlay(metric));
        }
        assertThat(index.isFinal()).isTrue();
    }

    @Test
    void keepsEndsExtremesAndGapsOfALongSeries() throws IOException {
        Path dir = root.resolve("long");
        RunFixture.in(dir, "long").endedAt(1_000_000).write();
        StringBuilder lines = new StringBuilder();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int step = 1; step <= 100_000; step++) {
            double loss = step % 9_999 == 0 ? Double.NaN : Math.sin(step / 500.0) * 10 + step / 1e4;
            if (step == 77_777) {
                loss = -50;
            }
            if (Double.isFinite(loss)) {
                min = Math.min(min, loss);
                max = Math.max(max, loss);
            }
            lines.append("{\"time\":").append(RunFixture.T0 + step).append(",\"step\":").append(step)
                    .append(",\"loss\":").append(Double.isNaN(loss) ? "NaN" : Double.toString(loss)).append("}\n");
        }
        Files.writeString(dir.resolve("metrics.jsonl"), lines, StandardCharsets.UTF_8);

        Series series = cache(false).index(RunDirectory.at(dir)).training(TrainingMetric.LOSS, Axis.STEP);

        assertThat(series.size()).isBetween(MinMaxSketch.MAX_BUCKETS, RunIndex.MAX_POINTS + 100);
        assertThat(series.x(0)).isEqualTo(1);
        assertThat(series.x(series.size() - 1)).isEqualTo(100_000);
        double[] ys = series.ys();
        assertThat(java.util.Arrays.stream(ys).filter(Double::isFinite).min().orElseThrow()).isEqualTo(min);
        assertThat(java.util.Arrays.stream(ys).filter(Double::isFinite).max().orElseThrow()).isEqualTo(max);
        long gaps = java.util.Arrays.stream(ys).filter(Double::isNaN).count();
        assertThat(gaps).as("every one of the 10 gaps is kept").isEqualTo(10);
    }

    @Test
    void isStoredNextToAFinishedRunAndTrustedOnlyWhileItsFilesAreUnchanged() throws IOException {
        RunDirectory run = richRun("stored").write();
        RunIndex built = cache(true).index(run);
        Path file = run.file(RunIndexFile.NAME);
        assertThat(file).isRegularFile();

        RunIndex stored = RunIndexFile.read(run, AlertThresholds.defaults()).orElseThrow();
        assertThat(AnalyticsJson.toJson(stored.analytics())).isEqualTo(AnalyticsJson.toJson(built.analytics()));
        for (TrainingMetric metric : TrainingMetric.values()) {
            assertThat(stored.training(metric, Axis.ELAPSED_SECONDS))
                    .isEqualTo(built.training(metric, Axis.ELAPSED_SECONDS));
        }
        assertThat(stored.gpuOverlay(GpuMetric.POWER_WATTS)).isEqualTo(built.gpuOverlay(GpuMetric.POWER_WATTS));
        assertThat(RunIndexFile.readSummary(run, AlertThresholds.defaults())).contains(built.summary());
        assertThat(RunIndexFile.read(run, new AlertThresholds(2, 5, 10, 0.5, 30, 10, 0.25, 0.95)))
                .as("built with other thresholds").isEmpty();

        Files.writeString(run.file("metrics.jsonl"), "{\"time\":1767225700,\"step\":99,\"loss\":0.1}\n",
                StandardOpenOption.APPEND);
        assertThat(RunIndexFile.read(run, AlertThresholds.defaults())).as("metrics.jsonl grew").isEmpty();
        RunIndex rebuilt = cache(true).index(run);
        assertThat(rebuilt.analytics().performance().steps()).isEqualTo(99);
        assertThat(RunIndexFile.read(run, AlertThresholds.defaults())).as("stored again").isPresent();

        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(RunIndexFile.read(run, AlertThresholds.defaults())).as("a damaged index is ignored").isEmpty();
        assertThat(cache(true).index(run).analytics().performance().steps()).isEqualTo(99);
        Files.delete(file);
        assertThat(cache(false).index(run).analytics().performance().steps()).as("safe to delete").isEqualTo(99);
    }

    @Test
    void aCopiedRunKeepsItsIndex() throws IOException {
        RunDirectory run = richRun("original").write();
        cache(true).index(run);
        Path copy = root.resolve("copy");
        Files.createDirectories(copy);
        for (String name : List.of("progress.json", "metrics.jsonl", "telemetry.jsonl", "events.jsonl",
                RunIndexFile.NAME)) {
            Files.write(copy.resolve(name), Files.readAllBytes(run.file(name)));
        }

        assertThat(RunIndexFile.read(RunDirectory.at(copy), AlertThresholds.defaults()))
                .as("other modification times, same content").isPresent();
    }

    @Test
    void foldsOnlyWhatALiveRunAppendsAndStartsOverWhenAFileIsRewritten() throws IOException {
        Path dir = root.resolve("live");
        RunIndexCache cache = new RunIndexCache(analyzer, cacheClock, RunIndexCache.DEFAULT_MAX_BYTES, true, null);
        try (RunWriter writer = RunWriter.open(dir)) {
            ProgressSnapshot.Builder progress = ProgressSnapshot.start("live", "live", RunFixture.at(0));
            writer.writeProgress(progress.build());
            writer.appendEvent(LifecycleEvent.of(RunFixture.T0, LifecycleEvent.STARTED, "started"));
            RunDirectory run = RunDirectory.at(dir);
            for (int step = 1; step <= 300; step++) {
                writer.appendMetric(new MetricRecord(RunFixture.T0 + step, (long) step, null, 3.0 / step, 1e-3,
                        null, step * 64L, Map.of()));
                writer.appendTelemetry(TelemetrySample.builder(RunFixture.T0 + step, 0).utilizationPercent(90.0)
                        .powerWatts(300.0).build());
                if (step == 120) {
                    writer.appendEvent(LifecycleEvent.of(RunFixture.T0 + step, LifecycleEvent.PAUSED, null));
                }
                if (step == 150) {
                    writer.appendEvent(LifecycleEvent.of(RunFixture.T0 + step, LifecycleEvent.RESUMED, null));
                }
                if (step % 100 == 0) {
                    writer.flush();
                    RunIndex live = fresh(cache, run);
                    assertThat(live.isFinal()).isFalse();
                    assertThat(AnalyticsJson.toJson(live.analytics()))
                            .isEqualTo(AnalyticsJson.toJson(analyzer.analyze(run)));
                    assertThat(live.training(TrainingMetric.LOSS, Axis.ELAPSED_SECONDS))
                            .isEqualTo(RunSeries.read(run).training(TrainingMetric.LOSS, Axis.ELAPSED_SECONDS));
                }
            }
            // A cut-off line (the writer is mid-write) is left for the next refresh.
            Files.writeString(dir.resolve("metrics.jsonl"), "{\"time\":1767225901,\"st", StandardOpenOption.APPEND);
            assertThat(fresh(cache, run).analytics().dataQuality().truncatedFiles()).containsExactly("metrics.jsonl");
            Files.writeString(dir.resolve("metrics.jsonl"), "ep\":301,\"loss\":0.01}\n", StandardOpenOption.APPEND);
            RunIndex completed = fresh(cache, run);
            assertThat(completed.analytics().performance().steps()).isEqualTo(301);
            assertThat(completed.analytics().dataQuality().malformedRecords()).isZero();

            // Rewritten with other content of the same length: the index starts over.
            String metrics = Files.readString(dir.resolve("metrics.jsonl"));
            Files.writeString(dir.resolve("metrics.jsonl"), metrics.replace("\"step\":1,", "\"step\":7,"));
            assertThat(fresh(cache, run).analytics().dataQuality().metricRecords()).isEqualTo(301);
            Files.writeString(dir.resolve("metrics.jsonl"), metrics.substring(0, metrics.indexOf('\n') + 1));
            RunIndex truncated = fresh(cache, run);
            assertThat(truncated.analytics().dataQuality().metricRecords()).as("truncated: read again").isEqualTo(1);

            writer.writeProgress(progress.status(RunStatus.COMPLETED).endedAt(RunFixture.at(400)).build());
            RunIndex finished = fresh(cache, run);
            assertThat(finished.isFinal()).isTrue();
            assertThat(AnalyticsJson.toJson(finished.analytics())).isEqualTo(AnalyticsJson.toJson(analyzer.analyze(run)));
            assertThat(RunIndexFile.read(run, AlertThresholds.defaults())).as("stored once finished").isPresent();
        }
    }

    /** The index once the live refresh interval has passed on the cache's clock. */
    private RunIndex fresh(final RunIndexCache cache, final RunDirectory run) {
        cacheClock.advance(RunIndexCache.LIVE_REFRESH_MILLIS);
        return cache.index(run);
    }

    /** A clock the test moves on. */
    private static final class SteppingClock extends Clock {
        private Instant now = RunFixture.at(10_000);

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
        public Instant instant() {
            return now;
        }
    }

    @Test
    void concurrentRequestsShareOneComputation() throws Exception {
        RunDirectory run = richRun("shared").write();
        RunIndexCache cache = cache(false);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<RunIndex>> requests = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                requests.add(() -> cache.index(run));
            }
            List<RunIndex> answers = new ArrayList<>();
            for (Future<RunIndex> answer : pool.invokeAll(requests)) {
                answers.add(answer.get());
            }
            assertThat(answers).allSatisfy(answer -> assertThat(answer).isSameAs(answers.get(0)));
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void holdsAtMostItsBudgetButKeepsSummaries() {
        RunIndexCache cache = new RunIndexCache(analyzer, clock, 1, false, null);
        List<RunDirectory> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runs.add(richRun("run" + i).write());
        }
        for (RunDirectory run : runs) {
            cache.index(run);
        }

        assertThat(cache.estimatedBytes()).as("only the last index stays").isEqualTo(
                cache.index(runs.get(4)).estimatedBytes());
        assertThat(cache.summarize(runs)).isEqualTo(new AnalyticsCache(analyzer, clock).summarize(runs));
    }

    @Test
    void summarisesFromStoredHeadersAsFromTheRuns() throws IOException {
        List<RunDirectory> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(richRun("r" + i).write());
        }
        Files.createDirectories(root.resolve("broken"));
        Files.writeString(root.resolve("broken/progress.json"), "{");
        runs.add(RunDirectory.at(root.resolve("broken")));
        cache(true).summarize(runs);

        RunIndexCache cold = cache(true);
        assertThat(cold.summarize(runs)).isEqualTo(new AnalyticsCache(analyzer, clock).summarize(runs));
        assertThat(cold.estimatedBytes()).as("headers only: no index loaded").isZero();
    }

    @Test
    void anUnreadableRunIsAnErrorAndListsItsReason() throws IOException {
        Files.createDirectories(root.resolve("bad"));
        Files.writeString(root.resolve("bad/progress.json"), "[]");
        RunDirectory run = RunDirectory.at(root.resolve("bad"));
        RunIndexCache cache = cache(true);

        assertThatThrownBy(() -> cache.index(run)).isInstanceOf(ProgressException.class)
                .hasMessageContaining("does not hold a JSON object");
        assertThat(cache.status(run).failure()).contains("does not hold a JSON object");
    }

    @Test
    void statusNeverReadsRecordsButTellsWhatIsKnown() {
        RunDirectory run = richRun("listed").write();
        RunIndexCache cache = cache(true);

        assertThat(cache.status(run).summary()).as("nothing known, no executor to build it").isNull();
        RunIndex index = cache.index(run);
        assertThat(cache.status(run).summary()).isEqualTo(index.summary());
        assertThat(cache(true).status(run).summary()).as("from the stored header").isEqualTo(index.summary());
    }
}
