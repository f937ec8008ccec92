package io.jenkins.plugins.gputraining.runner.nvml;

import io.jenkins.plugins.gputraining.model.progress.TelemetryStatus;

/** What {@link Nvml#open()} found: a session to sample with, or why GPU telemetry is unavailable. */
public sealed interface NvmlOpenResult permits NvmlOpenResult.Available, NvmlOpenResult.Unavailable {

    /** NVML is initialised; close the session when done. */
    record Available(NvmlSession session) implements NvmlOpenResult {
    }

    /**
     * No telemetry, and why.
     *
     * @param reason one line for people and for progress.json, e.g. "nvmlInit failed: Driver Not Loaded"
     * @param detail what the loader or driver said in full, for diagnosis; may be {@code null}
     */
    record Unavailable(String reason, String detail) implements NvmlOpenResult {
        /** The run's telemetry status: unavailable, with this reason. */
        public TelemetryStatus telemetryStatus() {
            return TelemetryStatus.unavailable(reason);
        }
    }
}
