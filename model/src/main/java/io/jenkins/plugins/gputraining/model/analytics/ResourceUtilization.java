package io.jenkins.plugins.gputraining.model.analytics;

/**
 * GPU usage from telemetry. Averages are per GPU sample, over samples taken while the run was not paused;
 * peaks and energy cover the whole run.
 *
 * @param averageGpuUtilizationPercent mean GPU utilisation
 * @param peakGpuUtilizationPercent highest GPU utilisation
 * @param peakGpuMemoryMb highest device memory in use on any GPU, MiB
 * @param averageTemperatureC mean GPU temperature
 * @param peakTemperatureC highest GPU temperature
 * @param averagePowerWatts mean power draw per GPU
 * @param energyWh energy of all GPUs: NVML energy-counter deltas where present, else integrated power
 * @param gpuCount how many GPUs reported samples
 * @param samples how many GPU samples there were
 */
public record ResourceUtilization(Double averageGpuUtilizationPercent, Double peakGpuUtilizationPercent,
                                  Double peakGpuMemoryMb, Double averageTemperatureC, Double peakTemperatureC,
                                  Double averagePowerWatts, Double energyWh, int gpuCount, long samples) {
}
