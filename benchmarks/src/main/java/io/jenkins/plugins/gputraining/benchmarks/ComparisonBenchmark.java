package io.jenkins.plugins.gputraining.benchmarks;

import io.jenkins.plugins.gputraining.model.analytics.AnalyticsCache;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.ComparisonCalculator;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.index.RunIndex;
import io.jenkins.plugins.gputraining.model.index.RunIndexCache;
import io.jenkins.plugins.gputraining.model.index.RunIndexFile;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.series.Axis;
import io.jenkins.plugins.gputraining.model.series.Overlay;
import io.jenkins.plugins.gputraining.model.series.OverlayJson;
import io.jenkins.plugins.gputraining.model.series.RunSeries;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (c) Comparison of 20 runs of 100,000 points each with their loss curves overlaid by step and downsampled to 1,000
 * points per run: from disk (nothing cached), and with per-run analytics and series cached (what a service does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 3)
@Measurement(iterations = 10)
public class ComparisonBenchmark {
    static final int RUNS = 20;
    static final int POINTS = 100_000;
    static final int POINTS_SHOWN = 1_000;

    private Path root;
    private List<RunDirectory> runs;
    private final RunAnalyzer analyzer = new RunAnalyzer();
    private AnalyticsCache cache;
    private List<RunSeries> series;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        root = RunGenerator.dataSet("comparison-20x100k", dir -> {
            for (int i = 0; i < RUNS; i++) {
                RunGenerator.write(dir, "run-" + i, POINTS, POINTS / 10, i);
            }
        });
        runs = RunDirectory.list(root);
        cache = new AnalyticsCache(analyzer, Clock.systemUTC());
        series = new ArrayList<>();
        for (RunDirectory run : runs) {
            cache.analytics(run);
            series.add(RunSeries.read(run));
        }
        for (RunDirectory run : runs) {
            if (!Files.exists(run.file(RunIndexFile.NAME))) {
                RunIndexFile.writeFor(run);
            }
        }
        System.out.printf("%ncomparison JSON: %d bytes for %d runs x %d points shown%n",
                compare(cache, series).length, RUNS, POINTS_SHOWN);
    }

    @Benchmark
    public long baselineStreamParse() throws IOException {
        long tokens = 0;
        for (RunDirectory run : runs) {
            tokens += JsonLinesBaseline.parse(run.file("metrics.jsonl"));
        }
        return tokens;
    }

    @Benchmark
    public byte[] compareCold() {
        AnalyticsCache fresh = new AnalyticsCache(analyzer, Clock.systemUTC());
        List<RunSeries> read = runs.parallelStream().map(RunSeries::read).toList();
        return compare(fresh, read);
    }

    @Benchmark
    public byte[] compareCached() {
        return compare(cache, series);
    }

    /** The runs' indexes deleted before each invocation of {@link #compareColdWithoutIndexes}. */
    @State(Scope.Thread)
    public static class NoIndexes {
        @Setup(Level.Invocation)
        public void delete(final ComparisonBenchmark benchmark) throws IOException {
            for (RunDirectory run : benchmark.runs) {
                Files.deleteIfExists(run.file(RunIndexFile.NAME));
            }
        }
    }

    /** A cold service (nothing in memory) whose runs have their indexes stored: what a comparison page costs. */
    @Benchmark
    public byte[] compareColdIndexed() {
        return compareIndexes(new RunIndexCache(analyzer, Clock.systemUTC(), RunIndexCache.DEFAULT_MAX_BYTES, true,
                null));
    }

    /** A cold service and no stored indexes: every run indexed (in parallel) and its index stored on the way. */
    @Benchmark
    public byte[] compareColdWithoutIndexes(final NoIndexes none) {
        return compareIndexes(new RunIndexCache(analyzer, Clock.systemUTC(), RunIndexCache.DEFAULT_MAX_BYTES, true,
                null));
    }

    private byte[] compareIndexes(final RunIndexCache indexes) {
        List<RunIndex> compared = runs.parallelStream().map(indexes::index).toList();
        String comparison = AnalyticsJson.toJson(ComparisonCalculator.compare(
                compared.stream().map(RunIndex::analytics).toList()));
        String overlay = OverlayJson.toJson(Overlay.align(Axis.STEP, TrainingMetric.LOSS, compared)
                .downsample(POINTS_SHOWN));
        String body = comparison.substring(0, comparison.length() - 1) + ",\"loss_curves\":" + overlay + "}";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] compare(final AnalyticsCache analytics, final List<RunSeries> curves) {
        List<RunAnalytics> compared = runs.parallelStream().map(analytics::analytics).toList();
        String comparison = AnalyticsJson.toJson(ComparisonCalculator.compare(compared));
        String overlay = OverlayJson.toJson(Overlay.align(Axis.STEP, TrainingMetric.LOSS, curves)
                .downsample(POINTS_SHOWN));
        String body = comparison.substring(0, comparison.length() - 1) + ",\"loss_curves\":" + overlay + "}";
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
