package io.jenkins.plugins.gputraining.benchmarks;

import io.jenkins.plugins.gputraining.benchmarks.agent.IndexBench;
import io.jenkins.plugins.gputraining.benchmarks.agent.MemoryBench;
import io.jenkins.plugins.gputraining.benchmarks.agent.OutputBench;
import io.jenkins.plugins.gputraining.benchmarks.agent.SamplerBench;
import io.jenkins.plugins.gputraining.benchmarks.agent.ServeBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar jmh|sampler|output|memory|serve|index}: every benchmark of the project,
 * runnable where only a Java runtime is (a GPU machine has no Maven). Each prints its figures beside the baseline
 * measured in the same run, their ratio and whether the target is met (docs/performance.md).
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
        description = {"Performance checks, each with its baseline measured in the same run.",
                "Exit codes: 0 measured (the table says whether each target was met), 2 usage error, "
                        + "3 no GPU telemetry here (sampler)."},
        subcommands = {BenchCommand.Jmh.class, SamplerBench.class, OutputBench.class, MemoryBench.class,
                ServeBench.class, IndexBench.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String... args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code, without exiting (for tests). */
    public static int execute(final String... args) {
        return new CommandLine(new BenchCommand()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code jmh [JMH options]}: the model's JMH benchmarks and their report. */
    @Command(name = "jmh", description = {"The model's JMH benchmarks (analytics, summary, comparison) and the "
            + "table of their figures; JMH options pass through (a benchmark-name regex, -i 3, -f 1, …)."})
    static final class Jmh implements Callable<Integer> {
        @CommandLine.Unmatched
        private List<String> jmhOptions = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            BenchmarkReport.main(jmhOptions.toArray(String[]::new));
            return 0;
        }
    }
}
