package io.jenkins.plugins.gputraining.runner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The node runner's entry point, {@code java -jar gpu-training-runner.jar <command>}: what a build node needs to run
 * and control a training and read its analytics, without the HTTP service and the dashboard (docs/architecture.md).
 * The full agent jar offers the same commands and more.
 */
@Command(name = "gpu-training-runner", mixinStandardHelpOptions = true,
        versionProvider = AgentVersion.class,
        description = "Runs GPU training commands, records progress artifacts and reads their analytics.",
        subcommands = {RunCommand.class, PauseCommand.class, ResumeCommand.class, CancelCommand.class,
                AnalyzeCommand.class, SummaryCommand.class, CompareCommand.class, GpusCommand.class})
public final class RunnerCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String... args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code, without exiting (for tests and embedding). */
    public static int execute(final String... args) {
        return new CommandLine(new RunnerCommand()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
