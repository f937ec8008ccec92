package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One pass over telemetry.jsonl: run-wide averages and peaks, plus per-GPU statistics. The reader has left out values
 * outside their documented ranges, so every value here is finite and in range. At most {@link #MAX_GPUS} GPUs are
 * tracked, so memory stays bounded whatever the file says; samples of further GPUs are counted and left out.
 */
final class TelemetryStatistics implements Consumer<TelemetrySample> {
    /** GPUs tracked per run; a node has at most a few dozen. */
    static final int MAX_GPUS = 1024;

    private final PauseHolder pauses;
    private final double start;
    private final AlertThresholds thresholds;
    private final TreeMap<Integer, GpuStatistics> gpus = new TreeMap<>();
    private GpuStatistics lastGpu;

    private long samples;
    private long samplesOfUntrackedGpus;
    private double utilizationSum;
    private long utilizationCount;
    private double peakUtilization = Double.NaN;
    private double peakMemory = Double.NaN;
    private double temperatureSum;
    private long temperatureCount;
    private double peakTemperature = Double.NaN;
    private double powerSum;
    private long powerCount;

    TelemetryStatistics(final PauseHolder pauses, final double start, final AlertThresholds thresholds) {
        this.pauses = pauses;
        this.start = start;
        this.thresholds = thresholds;
    }

    @Override
    public void accept(final TelemetrySample sample) {
        samples++;
        GpuStatistics gpu = gpu(sample.gpu());
        if (gpu == null) {
            samplesOfUntrackedGpus++;
            return;
        }
        boolean active = !pauses.current().isPaused(sample.time());
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
        gpu.accept(sample, judged, thresholds);
    }

    private GpuStatistics gpu(final int index) {
        // Samples of one GPU often come in a row on single-GPU runs; skip the map lookup then.
        if (lastGpu == null || lastGpu.gpu() != index) {
            GpuStatistics known = gpus.get(index);
            if (known == null) {
                if (gpus.size() >= MAX_GPUS) {
                    return null;
                }
                known = new GpuStatistics(index);
                gpus.put(index, known);
            }
            lastGpu = known;
        }
        return lastGpu;
    }

    /** Samples left out because their GPU was beyond the first {@link #MAX_GPUS}. */
    long samplesOfUntrackedGpus() {
        return samplesOfUntrackedGpus;
    }

    /** How often an energy counter went backwards (was reset), over all GPUs. */
    long counterResets() {
        long resets = 0;
        for (GpuStatistics gpu : gpus.values()) {
            resets += gpu.counterResets();
        }
        return resets;
    }

    /** Energy counter increases left out as implausible, over all GPUs. */
    long implausibleCounterSteps() {
        long steps = 0;
        for (GpuStatistics gpu : gpus.values()) {
            steps += gpu.implausibleSteps();
        }
        return steps;
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
