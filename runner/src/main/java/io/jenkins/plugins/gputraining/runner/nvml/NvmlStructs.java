package io.jenkins.plugins.gputraining.runner.nvml;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * The C structures of nvml.h the agent reads, laid out by JNA with the platform's natural alignment, which is how
 * the driver was compiled. Field names follow nvml.h; {@code unsigned} values arrive as Java's signed types and
 * are widened where read.
 */
public final class NvmlStructs {
    private NvmlStructs() {
    }

    /** {@code nvmlMemory_t}: total, free and used device memory in bytes (24 bytes). */
    @FieldOrder({"total", "free", "used"})
    public static final class NvmlMemory extends Structure {
        public long total;
        public long free;
        public long used;

        public NvmlMemory() {
            // Only ever written by the driver: skip copying Java's zeros to native memory before each call.
            setAutoWrite(false);
        }
    }

    /** {@code nvmlUtilization_t}: percent of the last sample period a kernel ran, and memory was accessed (8 bytes). */
    @FieldOrder({"gpu", "memory"})
    public static final class NvmlUtilization extends Structure {
        public int gpu;
        public int memory;

        public NvmlUtilization() {
            setAutoWrite(false);
        }
    }

    /**
     * {@code nvmlProcessInfo_t} ({@code nvmlProcessInfo_v2_t}), the element of
     * {@code nvmlDeviceGetComputeRunningProcesses_v2/_v3}: 24 bytes, with 4 bytes of padding after {@code pid}.
     * The agent reads arrays of it from one reused buffer at the offsets this layout gives, so a different layout
     * here changes the reads too.
     */
    @FieldOrder({"pid", "usedGpuMemory", "gpuInstanceId", "computeInstanceId"})
    public static final class NvmlProcessInfo extends Structure {
        /** Bytes per array element. */
        public static final int SIZE;
        /** Offset of {@code unsigned int pid}. */
        public static final int PID_OFFSET;
        /** Offset of {@code unsigned long long usedGpuMemory}. */
        public static final int USED_GPU_MEMORY_OFFSET;

        static {
            NvmlProcessInfo layout = new NvmlProcessInfo();
            SIZE = layout.size();
            PID_OFFSET = layout.fieldOffset("pid");
            USED_GPU_MEMORY_OFFSET = layout.fieldOffset("usedGpuMemory");
        }

        public int pid;
        public long usedGpuMemory;
        public int gpuInstanceId;
        public int computeInstanceId;
    }

    /**
     * {@code nvmlTemperature_v1_t} of {@code nvmlDeviceGetTemperatureV}, the replacement of the deprecated
     * {@code nvmlDeviceGetTemperature} (12 bytes).
     */
    @FieldOrder({"version", "sensorType", "temperature"})
    public static final class NvmlTemperatureV1 extends Structure {
        /** {@code nvmlTemperature_v1}: {@code NVML_STRUCT_VERSION(Temperature, 1)}, sizeof | (1 << 24). */
        public static final int VERSION;

        static {
            VERSION = new NvmlTemperatureV1().size() | (1 << 24);
        }

        public int version;
        public int sensorType;
        public int temperature;
    }
}
