package io.jenkins.plugins.gputraining.api;

import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import java.util.List;

/** Which files of a run directory the plugin archives, reads and offers for download. */
public final class RunFiles {
    /** Where a build's runs are archived: {@code gpu-training/<run id>/…} among its artifacts. */
    public static final String ARTIFACTS_FOLDER = "gpu-training";
    /** Where archived checkpoints go inside a run's artifact folder. */
    public static final String CHECKPOINTS_FOLDER = "checkpoints";
    /** The files analytics and charts read. */
    public static final List<String> ANALYSED = List.of(ProgressFormat.PROGRESS_FILE, ProgressFormat.METRICS_FILE,
            ProgressFormat.TELEMETRY_FILE, ProgressFormat.EVENTS_FILE);
    /** The files the dashboard offers for download (the {@code download/<artifact>} names). */
    public static final List<String> DOWNLOADABLE = List.of(ProgressFormat.PROGRESS_FILE, ProgressFormat.METRICS_FILE,
            ProgressFormat.TELEMETRY_FILE, ProgressFormat.EVENTS_FILE, ProgressFormat.OUTPUT_FILE);
    /** The agent's state folder in a run directory: its lock, read positions, the training's pid and exit code. */
    public static final String AGENT_STATE_FOLDER = ".agent";
    /** Ant pattern of what is archived from a run directory: everything... */
    public static final String ARCHIVE_INCLUDES = "**/*";
    /** ...except pending control requests and the agent's private state (docs/agent.md, "Durable output and liveness"). */
    public static final String ARCHIVE_EXCLUDES = ControlChannel.FOLDER + "/**," + AGENT_STATE_FOLDER + "/**";

    private RunFiles() {
    }

    /** The artifact folder of a run: {@code gpu-training/<runId>}. */
    public static String artifactFolder(final String runId) {
        return ARTIFACTS_FOLDER + "/" + runId;
    }

    /** Whether a download name is one the dashboard may ask for. */
    public static boolean isDownloadable(final String name) {
        return DOWNLOADABLE.contains(name);
    }
}
