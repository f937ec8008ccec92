package io.jenkins.plugins.gputraining.model.series;

import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import java.util.Locale;

/** A per-GPU metric that {@link RunSeries} charts from telemetry.jsonl. */
public enum GpuMetric {
    /** Share of time a kernel ran, %. */
    UTILIZATION_PERCENT,
    /** Device memory in use, MiB. */
    MEMORY_USED_MB,
    /** Core temperature, °C. */
    TEMPERATURE_C,
    /** Power draw, W. */
    POWER_WATTS;

    /** The name in telemetry.jsonl and in JSON (e.g. {@code utilization_percent}). */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value in a sample, or {@code null} when the GPU did not report it. */
    public Double valueIn(final TelemetrySample sample) {
        return switch (this) {
            case UTILIZATION_PERCENT -> sample.utilizationPercent();
            case MEMORY_USED_MB -> sample.memoryUsedMb();
            case TEMPERATURE_C -> sample.temperatureC();
            case POWER_WATTS -> sample.powerWatts();
        };
    }
}
