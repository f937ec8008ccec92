package io.jenkins.plugins.gputraining.runner.nvml;

import com.sun.jna.Pointer;
import io.jenkins.plugins.gputraining.model.progress.GpuDevice;

/**
 * A GPU of an open {@link NvmlSession}: what the inventory read once, and the driver's handle for it. The handle
 * is only valid while the session is open.
 */
public final class NvmlDevice {
    private final int index;
    private final String uuid;
    private final String name;
    private final Long memoryTotalBytes;
    private final Pointer handle;

    NvmlDevice(final int index, final String uuid, final String name, final Long memoryTotalBytes,
               final Pointer handle) {
        this.index = index;
        this.uuid = uuid;
        this.name = name;
        this.memoryTotalBytes = memoryTotalBytes;
        this.handle = handle;
    }

    /** NVML index: the order NVML enumerates the GPUs this process can see (PCI bus order). */
    public int index() {
        return index;
    }

    /** {@code GPU-…}, the identity selection matches on. */
    public String uuid() {
        return uuid;
    }

    /** Product name, or {@code null} when the driver did not answer. */
    public String name() {
        return name;
    }

    /** Device memory in bytes, or {@code null} when the driver did not answer. */
    public Long memoryTotalBytes() {
        return memoryTotalBytes;
    }

    Pointer handle() {
        return handle;
    }

    /** This GPU as the progress format records it. */
    public GpuDevice toGpuDevice() {
        return new GpuDevice(index, uuid, name, memoryTotalBytes == null ? null : NvmlUnits.mebibytes(memoryTotalBytes));
    }

    @Override
    public String toString() {
        return "GPU " + index + " " + uuid + (name == null ? "" : " (" + name + ")");
    }
}
