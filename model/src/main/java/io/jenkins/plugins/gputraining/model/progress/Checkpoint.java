package io.jenkins.plugins.gputraining.model.progress;

/**
 * A checkpoint the trainer saved.
 *
 * @param name file or directory name, e.g. {@code checkpoint-500}
 * @param path path relative to the run's working directory (or absolute when outside it)
 * @param step optimizer step it was saved at, when known
 * @param time epoch seconds when the agent saw it
 * @param sizeBytes size on disk (a directory's total), when known
 * @param bestMetric the trainer's best metric at that point (HF {@code trainer_state.json}), when known
 */
public record Checkpoint(String name, String path, Long step, double time, Long sizeBytes, Double bestMetric) {
}
