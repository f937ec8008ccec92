package io.jenkins.plugins.gputraining.runner.cli;

import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pause RUN_DIR}: pauses a training that an agent is running, from any process that can write its directory. */
@Command(name = "pause", description = "Pauses a running training (suspend: stop its process tree; checkpoint: "
        + "it checkpoints and exits, freeing the GPU).")
public final class PauseCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "The run directory of the training.")
    private Path runDirectory;

    @Option(names = "--mode", paramLabel = "MODE", converter = RunCommand.PauseModeConverter.class,
            description = "suspend or checkpoint (default: the run's --pause-mode).")
    private PauseMode mode;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for the pause to take effect (default: ${DEFAULT-VALUE}).")
    private long timeout;

    @Override
    public Integer call() {
        return ControlRequester.request(runDirectory, ControlAction.PAUSE, mode, Duration.ofSeconds(timeout));
    }
}
