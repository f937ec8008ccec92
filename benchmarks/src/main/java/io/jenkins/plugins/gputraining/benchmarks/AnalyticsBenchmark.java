package io.jenkins.plugins.gputraining.benchmarks;

import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.index.RunIndex;
import io.jenkins.plugins.gputraining.model.index.RunIndexCache;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
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

/** (a) Analytics, and the run index, of one long run against merely stream-parsing the same lines. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class AnalyticsBenchmark {
    static final int METRIC_LINES = 1_000_000;
    static final int TELEMETRY_SAMPLES = 200_000;

    private Path root;
    private RunDirectory run;
    private final RunAnalyzer analyzer = new RunAnalyzer();

    @Setup(Level.Trial)
    public void generate() throws IOException {
        root = RunGenerator.dataSet("analytics-1m",
                dir -> RunGenerator.write(dir, "long-run", METRIC_LINES, TELEMETRY_SAMPLES, 42));
        run = RunDirectory.at(root.resolve("long-run"));
    }

    @Benchmark
    public long baselineStreamParse() throws IOException {
        return JsonLinesBaseline.parse(run.file("metrics.jsonl"), run.file("telemetry.jsonl"));
    }

    @Benchmark
    public RunAnalytics analyzeRun() {
        return analyzer.analyze(run);
    }

    /** The run index built from nothing (analytics and every series' downsample), as a cold service does. */
    @Benchmark
    public RunIndex indexRun() {
        return new RunIndexCache(analyzer, Clock.systemUTC(), RunIndexCache.DEFAULT_MAX_BYTES, false, null).index(run);
    }
}
