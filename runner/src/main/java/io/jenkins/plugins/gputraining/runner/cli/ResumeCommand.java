package io.jenkins.plugins.gputraining.runner.cli;

import io.jenkins.plugins.gputraining.model.control.ControlAction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code resume RUN_DIR}: resumes a paused training. */
@Command(name = "resume", description = "Resumes a paused training (a checkpoint-mode pause relaunches it from its "
        + "newest checkpoint).")
public final class ResumeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "The run directory of the training.")
    private Path runDirectory;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the agent's answer (default: ${DEFAULT-VALUE}).")
    private long timeout;

    @Override
    public Integer call() {
        return ControlRequester.request(runDirectory, ControlAction.RESUME, null, Duration.ofSeconds(timeout));
    }
}
