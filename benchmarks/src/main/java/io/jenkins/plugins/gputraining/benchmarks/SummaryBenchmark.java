package io.jenkins.plugins.gputraining.benchmarks;

import io.jenkins.plugins.gputraining.model.analytics.AnalyticsCache;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.analytics.Summary;
import io.jenkins.plugins.gputraining.model.index.RunIndexCache;
import io.jenkins.plugins.gputraining.model.index.RunIndexFile;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * (b) Summary over 10,000 runs: cold (no analytics cached: every run read and analysed), warm (per-run analytics
 * cached, only fingerprints checked) and cold with the runs' indexes stored (each index's header read), beside the
 * floor of reading every run's progress.json.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 3)
@Measurement(iterations = 10)
public class SummaryBenchmark {
    static final int RUNS = 10_000;

    private Path root;
    private List<RunDirectory> runs;
    private final RunAnalyzer analyzer = new RunAnalyzer();
    private AnalyticsCache warm;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        // Small runs: 50 log events and 30 GPU samples each (a short job, or one logged sparsely).
        root = RunGenerator.dataSet("summary-10k", dir -> {
            for (int i = 0; i < RUNS; i++) {
                RunGenerator.write(dir, String.format("run-%05d", i), 50, 30, i);
            }
        });
        runs = RunDirectory.list(root);
        for (RunDirectory run : runs) {
            if (!java.nio.file.Files.exists(run.file(RunIndexFile.NAME))) {
                RunIndexFile.writeFor(run);
            }
        }
        warm = new AnalyticsCache(analyzer, Clock.systemUTC());
        warm.summarize(runs);
    }

    @Benchmark
    public long baselineReadProgressFiles() throws IOException {
        long bytes = 0;
        for (RunDirectory run : runs) {
            bytes += Files.readAllBytes(run.file("progress.json")).length;
        }
        return bytes;
    }

    @Benchmark
    public Summary summaryCold() {
        return new AnalyticsCache(analyzer, Clock.systemUTC()).summarize(runs);
    }

    @Benchmark
    public Summary summaryCached() {
        return warm.summarize(runs);
    }

    /** A cold service whose runs have their indexes stored: the summary reads each index's header only. */
    @Benchmark
    public Summary summaryColdIndexed() {
        return new RunIndexCache(analyzer, Clock.systemUTC(), RunIndexCache.DEFAULT_MAX_BYTES, true, null)
                .summarize(runs);
    }
}
