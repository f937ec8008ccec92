package io.jenkins.plugins.gputraining.api;

import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.index.RunIndexFile;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    /**
     * Checks that every file the analytics read from an archived run read in place (the controller's disk) stays in
     * it: Jenkins archives links as links, so a run directory whose metrics.jsonl was a link to another job's
     * artifacts, or to a file of the controller, would otherwise be read from there.
     *
     * @param folder the archived run's folder
     * @throws ApiRequestException 403 naming the first file that is a link out of the folder
     */
    public static void requireContained(final Path folder) {
        Path real;
        try {
            real = folder.toRealPath();
        }
        catch (IOException e) {
            throw ApiRequestException.notFound("the archived run's folder cannot be read: " + e.getMessage());
        }
        for (String name : INDEXED) {
            Path file = real.resolve(name);
            if (!Files.isSymbolicLink(file)) {
                continue;
            }
            try {
                if (file.toRealPath().startsWith(real)) {
                    continue;
                }
            }
            catch (NoSuchFileException e) {
                // A dangling link reads as a missing file.
                continue;
            }
            catch (IOException e) {
                // Unresolvable: refused below.
            }
            throw ApiRequestException.forbidden(name + " of the archived run is a link out of its folder; the run "
                    + "is not read");
        }
    }

    /** Whether a download name is one the dashboard may ask for. */
    public static boolean isDownloadable(final String name) {
        return DOWNLOADABLE.contains(name);
    }
}
