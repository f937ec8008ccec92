package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.runner.parse.MetricsFileFollower;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the training command finds in its environment (docs/agent.md, "run"): the run's own variables on top of the
 * agent's environment and the {@code --env} ones.
 *
 * @param runDirectory the run directory ({@code GPU_TRAINING_RUN_DIR})
 * @param trainerMetricsFile where the trainer may write JSON-lines metrics ({@code GPU_TRAINING_METRICS_FILE})
 * @param trainerControlFile where the agent writes {@code checkpoint} when one is due ({@code GPU_TRAINING_CONTROL_FILE})
 * @param variables every variable added to the command's environment
 */
record TrainingEnvironment(Path runDirectory, Path trainerMetricsFile, Path trainerControlFile,
                           Map<String, String> variables) {
    /** The file the agent names in {@code GPU_TRAINING_METRICS_FILE} for the trainer to write JSON lines to. */
    static final String TRAINER_METRICS_FILE = "trainer-metrics.jsonl";
    /** The file the agent names in {@code GPU_TRAINING_CONTROL_FILE}; it holds {@code checkpoint} when one is due. */
    static final String TRAINER_CONTROL_FILE = "trainer-control";
    static final String CONTROL_FILE_VARIABLE = "GPU_TRAINING_CONTROL_FILE";
    static final String RUN_DIRECTORY_VARIABLE = "GPU_TRAINING_RUN_DIR";

    TrainingEnvironment {
        variables = Map.copyOf(variables);
    }

    /** The environment of a run's command: the {@code --env} variables plus the run's own. */
    static TrainingEnvironment of(final RunOptions options, final Path runDirectory) {
        Path metrics = runDirectory.resolve(TRAINER_METRICS_FILE);
        Path control = runDirectory.resolve(TRAINER_CONTROL_FILE);
        Map<String, String> variables = new HashMap<>(options.environment());
        variables.put(MetricsFileFollower.ENVIRONMENT_VARIABLE, metrics.toString());
        variables.put(CONTROL_FILE_VARIABLE, control.toString());
        variables.put(RUN_DIRECTORY_VARIABLE, runDirectory.toString());
        // Python buffers stdout that is not a terminal in 8 KiB blocks: without this, progress would arrive late.
        variables.putIfAbsent("PYTHONUNBUFFERED", "1");
        return new TrainingEnvironment(runDirectory, metrics, control, variables);
    }
}
