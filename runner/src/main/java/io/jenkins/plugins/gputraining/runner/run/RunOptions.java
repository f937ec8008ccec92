package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.runner.parse.OutputFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What {@code run} was asked to do.
 *
 * @param runDirectory where the progress artifacts go
 * @param runId the run's id (defaults to the directory name)
 * @param name human-readable name (defaults to the id)
 * @param command the training command and its arguments
 * @param workingDirectory where the command runs
 * @param environment variables added to the command's environment
 * @param sampleInterval GPU sampling interval
 * @param format how to parse the command's output
 * @param metricsFile a metrics file to follow (JSON lines or CSV), or {@code null}
 * @param checkpointGlob glob (relative to the working directory) of checkpoints, or {@code null} for the defaults
 * @param batchSize samples per optimizer step, for deriving throughput from steps; or {@code null}
 * @param gpus the {@code --gpus} selection, or {@code null} to follow CUDA_VISIBLE_DEVICES
 * @param statusInterval how often a plain status line is printed when the console is not a terminal
 * @param nvmlLibrary an explicit path of libnvidia-ml, or {@code null} to find it
 * @param pause how to pause when a request does not say: default mode, checkpoint signal, resume template
 * @param detached whether the training outlives the agent ({@code --detach}: no watchdog stops it when the agent
 *         dies, and {@code run --attach} can take it up again)
 */
public record RunOptions(Path runDirectory, String runId, String name, List<String> command, Path workingDirectory,
                         Map<String, String> environment, Duration sampleInterval, OutputFormat format,
                         Path metricsFile, String checkpointGlob, Integer batchSize, String gpus,
                         Duration statusInterval, String nvmlLibrary, PauseSettings pause, boolean detached) {
    public RunOptions {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        pause = pause == null ? PauseSettings.defaults() : pause;
    }
}
