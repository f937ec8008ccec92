package io.jenkins.plugins.gputraining.benchmarks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks (JMH command-line options are accepted, e.g. a benchmark-name regex or {@code -i 3}) and
 * prints each figure beside the baseline measured in the same run, with the target it is held to.
 */
public final class BenchmarkReport {
    private record Target(String label, String baseline, double limitMillis, double limitRatio) {
    }

    private static final Map<String, Target> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put("AnalyticsBenchmark.analyzeRun", new Target("(a) analytics, 1M metric + 200k telemetry lines",
                "AnalyticsBenchmark.baselineStreamParse", Double.NaN, 2.0));
        TARGETS.put("AnalyticsBenchmark.indexRun", new Target("(a) run index built cold, same run",
                "AnalyticsBenchmark.baselineStreamParse", Double.NaN, 1.3));
        TARGETS.put("SummaryBenchmark.summaryCold", new Target("(b) summary of 10,000 runs, nothing cached",
                "SummaryBenchmark.baselineReadProgressFiles", 1000, Double.NaN));
        TARGETS.put("SummaryBenchmark.summaryCached", new Target("(b) summary of 10,000 runs, analytics cached",
                "SummaryBenchmark.baselineReadProgressFiles", 50, Double.NaN));
        TARGETS.put("SummaryBenchmark.summaryColdIndexed", new Target("(b) summary of 10,000 runs, cold, indexes stored",
                "SummaryBenchmark.baselineReadProgressFiles", 300, Double.NaN));
        TARGETS.put("ComparisonBenchmark.compareCold", new Target("(c) compare 20 runs x 100k points, from disk",
                "ComparisonBenchmark.baselineStreamParse", 200, Double.NaN));
        TARGETS.put("ComparisonBenchmark.compareColdIndexed", new Target("(c) compare 20 x 100k, cold, indexes stored",
                "ComparisonBenchmark.baselineStreamParse", 200, Double.NaN));
        TARGETS.put("ComparisonBenchmark.compareColdWithoutIndexes", new Target(
                "(c) compare 20 x 100k, cold, indexes built", "ComparisonBenchmark.baselineStreamParse", Double.NaN,
                1.3));
        TARGETS.put("ComparisonBenchmark.compareCached", new Target("(c) compare 20 runs x 100k points, series cached",
                "ComparisonBenchmark.baselineStreamParse", 200, Double.NaN));
    }

    private BenchmarkReport() {
    }

    public static void main(final String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        if (commandLine.getIncludes().isEmpty()) {
            builder.include("io.jenkins.plugins.gputraining.benchmarks.*");
        }
        Options options = builder.parent(commandLine).build();
        Collection<RunResult> results = new Runner(options).run();
        print(results);
    }

    private static void print(final Collection<RunResult> results) {
        Map<String, Double> millis = new LinkedHashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            millis.put(shortName, result.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("Figures (mean ms per operation; ratio = figure / baseline from the same run):");
        System.out.printf(Locale.ROOT, "%-52s %12s %14s %8s   %s%n", "measure", "figure ms", "baseline ms", "ratio",
                "target");
        for (Map.Entry<String, Target> entry : TARGETS.entrySet()) {
            Double figure = millis.get(entry.getKey());
            if (figure == null) {
                continue;
            }
            Target target = entry.getValue();
            Double baseline = millis.get(target.baseline());
            double ratio = baseline == null ? Double.NaN : figure / baseline;
            String verdict;
            if (!Double.isNaN(target.limitRatio())) {
                verdict = String.format(Locale.ROOT, "<= %.1fx baseline: %s", target.limitRatio(),
                        ratio <= target.limitRatio() ? "met" : "MISSED");
            }
            else {
                verdict = String.format(Locale.ROOT, "< %.0f ms: %s", target.limitMillis(),
                        figure < target.limitMillis() ? "met" : "MISSED");
            }
            System.out.printf(Locale.ROOT, "%-52s %12.1f %14s %8s   %s%n", target.label(), figure,
                    baseline == null ? "-" : String.format(Locale.ROOT, "%.1f", baseline),
                    Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio), verdict);
        }
        System.out.printf(Locale.ROOT, "%njava %s, %d cores%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
    }
}
