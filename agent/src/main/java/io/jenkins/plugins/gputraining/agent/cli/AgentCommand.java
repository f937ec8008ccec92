package io.jenkins.plugins.gputraining.agent.cli;

import io.jenkins.plugins.gputraining.runner.cli.AgentVersion;
import io.jenkins.plugins.gputraining.runner.cli.AnalyzeCommand;
import io.jenkins.plugins.gputraining.runner.cli.CancelCommand;
import io.jenkins.plugins.gputraining.runner.cli.CompareCommand;
import io.jenkins.plugins.gputraining.runner.cli.GpusCommand;
import io.jenkins.plugins.gputraining.runner.cli.PauseCommand;
import io.jenkins.plugins.gputraining.runner.cli.ResumeCommand;
import io.jenkins.plugins.gputraining.runner.cli.RunCommand;
import io.jenkins.plugins.gputraining.runner.cli.SummaryCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The full agent's entry point, {@code java -jar gpu-training-agent.jar <command>}: the runner's commands plus the
 * HTTP service and the demo.
 */
@Command(name = "gpu-training-agent", mixinStandardHelpOptions = true,
        versionProvider = AgentVersion.class,
        description = "Runs GPU training commands, records progress artifacts and serves their analytics.",
        subcommands = {RunCommand.class, PauseCommand.class, ResumeCommand.class, CancelCommand.class,
                AnalyzeCommand.class, SummaryCommand.class, CompareCommand.class,
                ServeCommand.class, GpusCommand.class, DemoCommand.class})
public final class AgentCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String... args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code, without exiting (for tests and embedding). */
    public static int execute(final String... args) {
        return new CommandLine(new AgentCommand()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
