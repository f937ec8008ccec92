package io.jenkins.plugins.gputraining.runner.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.model.progress.ProgressJson;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.runner.parse.OutputFormat;
import io.jenkins.plugins.gputraining.runner.process.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The options a run was started with, kept in {@code .agent/options.json} so that an agent attaching to it reads
 * the training's output as the first one did (docs/agent.md, "Attach and detach"). The command, its working
 * directory, the run's id and name are in progress.json; {@code --env} values are not kept (they may be secrets).
 */
final class RecordedOptions {
    static final String FILE = "options.json";

    private RecordedOptions() {
    }

    /** Writes the options of a new run. */
    static void write(final Path stateDirectory, final RunOptions options) throws IOException {
        ObjectNode node = ProgressJson.mapper().createObjectNode();
        node.put("format", options.format().toString());
        node.put("metrics_file", options.metricsFile() == null ? null : options.metricsFile().toString());
        node.put("checkpoints", options.checkpointGlob());
        node.put("batch_size", options.batchSize());
        node.put("gpus", options.gpus());
        node.put("sample_interval_ms", options.sampleInterval().toMillis());
        node.put("status_interval_ms", options.statusInterval().toMillis());
        node.put("nvml_library", options.nvmlLibrary());
        node.put("pause_mode", options.pause().defaultMode().jsonName());
        node.put("checkpoint_signal", options.pause().checkpointSignal() == null ? null
                : options.pause().checkpointSignal().name());
        node.put("resume_template", options.pause().resumeTemplate());
        node.put("detached", options.detached());
        Files.write(stateDirectory.resolve(FILE), ProgressJson.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(node));
    }

    /**
     * The options of the run in a directory, as its first agent wrote them (defaults where it wrote none).
     *
     * @param environment {@code --env} variables for a relaunch after a checkpoint pause
     * @throws IOException when the options file cannot be read
     */
    static RunOptions read(final Path runDirectory, final Path stateDirectory, final ProgressSnapshot progress,
                           final Map<String, String> environment) throws IOException {
        JsonNode node;
        try {
            node = ProgressJson.mapper().readTree(Files.readAllBytes(stateDirectory.resolve(FILE)));
        }
        catch (NoSuchFileException e) {
            node = ProgressJson.mapper().createObjectNode();
        }
        if (node == null || !node.isObject()) {
            throw new IOException(stateDirectory.resolve(FILE) + " does not hold a JSON object");
        }
        String signal = text(node, "checkpoint_signal");
        PauseSettings pause = new PauseSettings(
                node.hasNonNull("pause_mode") ? PauseMode.parse(node.get("pause_mode").asText()) : PauseMode.SUSPEND,
                node.has("checkpoint_signal") ? (signal == null ? null : Signal.parse(signal)) : Signal.SIGUSR1,
                text(node, "resume_template"));
        Path workingDirectory = progress.workingDirectory() == null ? Path.of("") : Path.of(progress.workingDirectory());
        return new RunOptions(runDirectory, progress.runId(), progress.name(), progress.command(), workingDirectory,
                environment, Duration.ofMillis(node.path("sample_interval_ms").asLong(1000)),
                OutputFormat.parse(node.path("format").asText("auto")),
                node.hasNonNull("metrics_file") ? Path.of(node.get("metrics_file").asText()) : null,
                text(node, "checkpoints"),
                node.hasNonNull("batch_size") ? node.get("batch_size").asInt() : null, text(node, "gpus"),
                Duration.ofMillis(node.path("status_interval_ms").asLong(30_000)), text(node, "nvml_library"),
                pause, node.path("detached").asBoolean(false));
    }

    private static String text(final JsonNode node, final String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
