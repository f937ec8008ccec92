package io.jenkins.plugins.gputraining.agent.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bench sampler|output|memory|serve}: the agent's performance checks, run where the agent runs (a GPU
 * machine may have only a Java runtime, no Maven). Each prints a short table: the figure, the baseline measured in
 * the same run, their ratio and whether the target is met. Hidden from the agent's usage: it is for the people who
 * build it.
 */
@Command(name = "bench", hidden = true, mixinStandardHelpOptions = true,
        description = {"Performance checks of the agent, each with its baseline measured in the same run.",
                "Exit codes: 0 measured (the table says whether each target was met), 2 usage error, "
                        + "3 no GPU telemetry here (sampler)."},
        subcommands = {SamplerBench.class, OutputBench.class, MemoryBench.class, ServeBench.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** {@code java -cp gpu-training-agent.jar io.jenkins.plugins.gputraining.agent.bench.BenchCommand …}. */
    public static void main(final String... args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
