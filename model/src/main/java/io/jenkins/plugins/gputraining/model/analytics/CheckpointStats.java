package io.jenkins.plugins.gputraining.model.analytics;

import java.util.List;

/**
 * Checkpoints a run saved.
 *
 * @param count how many
 * @param names their names, oldest first
 */
public record CheckpointStats(int count, List<String> names) {
    public CheckpointStats {
        names = List.copyOf(names);
    }
}
