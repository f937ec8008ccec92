package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.agent.cli.ServeCommand;
import picocli.CommandLine;

/** {@code serve} as its own program, as {@code java -jar gpu-training-agent.jar serve …} runs it. */
public final class ServeMain {
    private ServeMain() {
    }

    public static void main(final String... args) {
        System.exit(new CommandLine(new ServeCommand()).execute(args));
    }
}
