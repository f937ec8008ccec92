package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.PauseTimeline;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/** One pass over telemetry.jsonl: run-wide averages and peaks, plus per-GPU statistics. */
final class TelemetryStatistics implements Consumer<TelemetrySample> {
    private final PauseTimeline pauses;
    private final double start;
    private final AlertThresholds thresholds;
    private final TreeMap<Integer, GpuStatistics> gpus = new TreeMap<>();
    private GpuStatistics lastGpu;

    private long samples;
    private double utilizationSum;
    private long utilizationCount;
    private double peakUtilization = Double.NaN;
    private double peakMemory = Double.NaN;
    private double temperatureSum;
    private long temperatureCount;
    private double peakTemperature = Double.NaN;
    private double powerSum;
    private long powerCount;

    TelemetryStatistics(final PauseTimeline pauses, final double start, final AlertThresholds thresholds) {
        this.pauses = pauses;
        this.start = start;
        this.thresholds = thresholds;
    }

    @Override
    public void accept(final TelemetrySample sample) {
        samples++;
        boolean active = !pauses.isPaused(sample.time());
        Double utilization = sample.utilizationPercent();
        if (utilization != null) {
            peakUtilization = max(peakUtilization, utilization);
            if (active) {
                utilizationSum += utilization;
                utilizationCount++;
            }
        }
        if (sample.memoryUsedMb() != null) {
            peakMemory = max(peakMemory, sample.memoryUsedMb());
        }
        Double temperature = sample.temperatureC();
        if (temperature != null) {
            peakTemperature = max(peakTemperature, temperature);
            if (active) {
                temperatureSum += temperature;
                temperatureCount++;
            }
        }
        if (sample.powerWatts() != null && active) {
            powerSum += sample.powerWatts();
            powerCount++;
        }
        boolean judged = active && (Double.isNaN(start) || sample.time() - start >= thresholds.warmupSeconds());
        gpu(sample.gpu()).accept(sample, judged, thresholds);
    }

    private GpuStatistics gpu(final int index) {
        // Samples of one GPU often come in a row on single-GPU runs; skip the map lookup then.
        if (lastGpu == null || lastGpu.gpu() != index) {
            lastGpu = gpus.computeIfAbsent(index, GpuStatistics::new);
        }
        return lastGpu;
    }

    private static double max(final double current, final double value) {
        return Double.isNaN(current) || value > current ? value : current;
    }

    private static Double orNull(final double value) {
        return Double.isNaN(value) ? null : value;
    }

    long samples() {
        return samples;
    }

    int gpuCount() {
        return gpus.size();
    }

    List<GpuStatistics> gpus() {
        return new ArrayList<>(gpus.values());
    }

    Double averageUtilization() {
        return utilizationCount == 0 ? null : utilizationSum / utilizationCount;
    }

    Double peakUtilization() {
        return orNull(peakUtilization);
    }

    Double peakMemory() {
        return orNull(peakMemory);
    }

    Double averageTemperature() {
        return temperatureCount == 0 ? null : temperatureSum / temperatureCount;
    }

    Double peakTemperature() {
        return orNull(peakTemperature);
    }

    Double averagePower() {
        return powerCount == 0 ? null : powerSum / powerCount;
    }

    /** Energy of all GPUs, or {@code null} when no GPU has energy or power readings. */
    Double energyWh() {
        Double total = null;
        for (GpuStatistics gpu : gpus.values()) {
            Double energy = gpu.energyWh();
            if (energy != null) {
                total = total == null ? energy : total + energy;
            }
        }
        return total;
    }
}
