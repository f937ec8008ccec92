package io.jenkins.plugins.gputraining.runner.cli;

import io.jenkins.plugins.gputraining.model.control.ControlAction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cancel RUN_DIR}: stops a training and its whole process tree; the run ends as cancelled. */
@Command(name = "cancel", description = "Cancels a running or paused training: its whole process tree is stopped "
        + "and the run ends as cancelled.")
public final class CancelCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "The run directory of the training.")
    private Path runDirectory;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the agent's answer (default: ${DEFAULT-VALUE}).")
    private long timeout;

    @Override
    public Integer call() {
        return ControlRequester.request(runDirectory, ControlAction.CANCEL, null, Duration.ofSeconds(timeout));
    }
}
