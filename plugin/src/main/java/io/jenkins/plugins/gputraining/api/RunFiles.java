package io.jenkins.plugins.gputraining.api;

import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.index.RunIndexFile;
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
    /** The files analytics and charts read, and the run index derived from them (docs/progress-format.md). */
    public static final List<String> INDEXED = List.of(ProgressFormat.PROGRESS_FILE, ProgressFormat.METRICS_FILE,
            ProgressFormat.TELEMETRY_FILE, ProgressFormat.EVENTS_FILE, RunIndexFile.NAME);
    /** The files the dashboard offers for download (the {@code download/<artifact>} names). */
    public static final List<String> DOWNLOADABLE = List.of(ProgressFormat.PROGRESS_FILE, ProgressFormat.METRICS_FILE,
            ProgressFormat.TELEMETRY_FILE, ProgressFormat.EVENTS_FILE, ProgressFormat.OUTPUT_FILE);
    /** Ant pattern of what is archived from a run directory: everything... */
    public static final String ARCHIVE_INCLUDES = "**/*";
    /** ...except pending control requests. */
    public static final String ARCHIVE_EXCLUDES = ControlChannel.FOLDER + "/**";

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
