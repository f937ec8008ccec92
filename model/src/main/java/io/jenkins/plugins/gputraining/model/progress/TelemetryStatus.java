package io.jenkins.plugins.gputraining.model.progress;

import java.util.List;

/**
 * Whether GPU telemetry was recorded for a run, and if not, why.
 *
 * @param available whether telemetry.jsonl receives samples
 * @param reason why it is unavailable (no driver, no GPU selected, …); {@code null} when available
 * @param driverVersion NVIDIA driver version, when known
 * @param unsupportedMetrics telemetry fields the GPUs answered NOT_SUPPORTED for; absent from every sample
 */
public record TelemetryStatus(boolean available, String reason, String driverVersion, List<String> unsupportedMetrics) {
    public TelemetryStatus {
        unsupportedMetrics = unsupportedMetrics == null ? List.of() : List.copyOf(unsupportedMetrics);
    }

    public static TelemetryStatus available(final String driverVersion, final List<String> unsupportedMetrics) {
        return new TelemetryStatus(true, null, driverVersion, unsupportedMetrics);
    }

    public static TelemetryStatus unavailable(final String reason) {
        return new TelemetryStatus(false, reason, null, List.of());
    }
}
