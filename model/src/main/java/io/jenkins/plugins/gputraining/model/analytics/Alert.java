package io.jenkins.plugins.gputraining.model.analytics;

/**
 * Something in a run that deserves a look.
 *
 * @param kind machine-readable kind: {@code loss_not_finite}, {@code loss_diverged}, {@code gpu_idle},
 *         {@code thermal_throttling}, {@code power_throttling}, {@code gpu_memory_near_full},
 *         {@code no_progress_parsed}
 * @param severity {@code warning} or {@code critical}
 * @param message one sentence for people
 * @param firstSeen ISO-8601 instant of the first sample or record showing it
 * @param gpu the GPU index it concerns, or {@code null} for the run as a whole
 * @param step the optimizer step it was first seen at, when known
 * @param value the observed value (a loss, a share of samples, a memory fraction, the output lines read)
 * @param threshold the threshold it crossed
 */
public record Alert(String kind, String severity, String message, String firstSeen, Integer gpu, Long step,
                    Double value, Double threshold) {
    public static final String LOSS_NOT_FINITE = "loss_not_finite";
    public static final String LOSS_DIVERGED = "loss_diverged";
    public static final String GPU_IDLE = "gpu_idle";
    public static final String THERMAL_THROTTLING = "thermal_throttling";
    public static final String POWER_THROTTLING = "power_throttling";
    public static final String GPU_MEMORY_NEAR_FULL = "gpu_memory_near_full";
    /** The agent read the training's output and found no step or loss in it (nor in a metrics file). */
    public static final String NO_PROGRESS_PARSED = "no_progress_parsed";
}
