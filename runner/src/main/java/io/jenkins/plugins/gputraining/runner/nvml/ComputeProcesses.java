package io.jenkins.plugins.gputraining.runner.nvml;

import com.sun.jna.Memory;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlStructs.NvmlProcessInfo;
import java.util.function.LongPredicate;

/**
 * The compute processes one GPU reported, read in place from the session's reused {@code nvmlProcessInfo_t}
 * buffer: valid until the session's next {@link NvmlSession#computeProcesses} call, so sampling a GPU allocates
 * nothing once the buffer is large enough.
 */
public final class ComputeProcesses {
    /** {@code NVML_VALUE_NOT_AVAILABLE} as an {@code unsigned long long}: the driver does not know the value. */
    public static final long NOT_AVAILABLE = -1L;

    private static final int INITIAL_CAPACITY = 16;

    private Memory buffer = new Memory((long) INITIAL_CAPACITY * NvmlProcessInfo.SIZE);
    private int capacity = INITIAL_CAPACITY;
    private int count;

    ComputeProcesses() {
        buffer.clear();
    }

    Memory buffer() {
        return buffer;
    }

    int capacity() {
        return capacity;
    }

    void ensureCapacity(final int needed) {
        if (needed > capacity) {
            capacity = Math.max(needed, capacity * 2);
            buffer = new Memory((long) capacity * NvmlProcessInfo.SIZE);
            buffer.clear();
        }
    }

    void setCount(final int count) {
        this.count = Math.min(count, capacity);
    }

    public int count() {
        return count;
    }

    /** The process id, in the driver's PID namespace (the host's, seen from inside most containers). */
    public long pid(final int i) {
        return NvmlUnits.unsigned(buffer.getInt(offset(i) + NvmlProcessInfo.PID_OFFSET));
    }

    /** Device memory the process uses, bytes; {@link #NOT_AVAILABLE} when the driver cannot tell. */
    public long usedGpuMemoryBytes(final int i) {
        return buffer.getLong(offset(i) + NvmlProcessInfo.USED_GPU_MEMORY_OFFSET);
    }

    private long offset(final int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("process " + i + " of " + count);
        }
        return (long) i * NvmlProcessInfo.SIZE;
    }

    /**
     * Device memory, MiB, that the processes accepted by {@code processTree} use: 0 when none of them runs on
     * this GPU, {@code null} when one of them does but the driver does not report its memory.
     */
    public Double memoryMb(final LongPredicate processTree) {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            if (processTree.test(pid(i))) {
                long used = usedGpuMemoryBytes(i);
                if (used == NOT_AVAILABLE) {
                    return null;
                }
                bytes += used;
            }
        }
        return NvmlUnits.mebibytes(bytes);
    }
}
