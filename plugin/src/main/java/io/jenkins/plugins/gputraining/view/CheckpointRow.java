package io.jenkins.plugins.gputraining.view;

import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A checkpoint on the build page: its name, step and size, and where it is among the build's artifacts when it was
 * archived ({@code archiveCheckpoints: true}).
 *
 * @param name the checkpoint's name
 * @param path its path relative to the working directory
 * @param step the step it was saved at, formatted
 * @param size its size, formatted
 * @param artifactPath its path among the build's artifacts, or {@code null} when it was not archived
 */
public record CheckpointRow(String name, String path, String step, String size, String artifactPath) {
    /**
     * The rows of a run's checkpoints.
     *
     * @param checkpoints the checkpoints progress.json lists
     * @param archived the paths (relative to the working directory) of those that were archived
     * @param artifactFolder the run's artifact folder ({@code gpu-training/<run id>})
     */
    public static List<CheckpointRow> of(final List<Checkpoint> checkpoints, final Set<String> archived,
                                         final String artifactFolder) {
        List<CheckpointRow> rows = new ArrayList<>();
        for (Checkpoint checkpoint : checkpoints) {
            String path = checkpoint.path();
            String artifact = path != null && archived.contains(path)
                    ? artifactFolder + "/checkpoints/" + path : null;
            rows.add(new CheckpointRow(checkpoint.name(), path, Formats.integer(checkpoint.step()),
                    Formats.bytes(checkpoint.sizeBytes()), artifact));
        }
        return List.copyOf(rows);
    }

    // JavaBeans getters for Jelly.
    public String getName() {
        return name;
    }

    public String getPath() {
        return path;
    }

    public String getStep() {
        return step;
    }

    public String getSize() {
        return size;
    }

    public String getArtifactPath() {
        return artifactPath;
    }

    public boolean isArchived() {
        return artifactPath != null;
    }
}
