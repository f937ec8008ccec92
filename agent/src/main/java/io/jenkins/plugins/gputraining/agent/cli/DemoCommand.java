package io.jenkins.plugins.gputraining.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The embedded default a newcomer runs first. */
@Command(name = "demo", description = "Runs a small real training workload and shows its analytics.")
public final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("The demo arrives with the agent (issue: the headless agent). Until then, try the model:");
        System.err.println("  mvn -B verify   # runs the tests of the progress format and the analytics");
        return 0;
    }
}
