package io.jenkins.plugins.gputraining.model.progress;

/**
 * A GPU the run was given, from the inventory taken when it started.
 *
 * @param index NVML index
 * @param uuid GPU UUID ({@code GPU-…})
 * @param name product name, e.g. "NVIDIA H200"
 * @param memoryTotalMb device memory, MiB; {@code null} when unknown
 */
public record GpuDevice(int index, String uuid, String name, Double memoryTotalMb) {
}
