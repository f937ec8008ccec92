package io.jenkins.plugins.gputraining.runner.nvml;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlStructs.NvmlMemory;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlStructs.NvmlTemperatureV1;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlStructs.NvmlUtilization;

/**
 * The part of libnvidia-ml the agent calls, declared with nvml.h's unversioned names. Like nvml.h's own
 * {@code #define nvmlInit nvmlInit_v2} lines, {@link NvmlSymbols} maps each name to the versioned symbol the
 * installed library exports (e.g. {@code nvmlDeviceGetComputeRunningProcesses_v3}, else {@code _v2}); a function
 * the library lacks is never called, see {@link NvmlSession}.
 *
 * <p>Every function answers an {@code nvmlReturn_t} ({@link NvmlReturn}); {@code unsigned} arguments are Java
 * {@code int}/{@code long} holding the same bits. {@code nvmlDevice_t} is an opaque pointer.
 */
public interface NvmlLibrary extends Library {
    /** {@code nvmlInit_v2(void)}. */
    int nvmlInit();

    /** {@code nvmlShutdown(void)}. */
    int nvmlShutdown();

    /** {@code const char* nvmlErrorString(nvmlReturn_t result)}: static text, valid before init. */
    String nvmlErrorString(int result);

    /** {@code nvmlSystemGetDriverVersion(char *version, unsigned int length)}. */
    int nvmlSystemGetDriverVersion(byte[] version, int length);

    /** {@code nvmlSystemGetNVMLVersion(char *version, unsigned int length)}. */
    int nvmlSystemGetNVMLVersion(byte[] version, int length);

    /** {@code nvmlDeviceGetCount_v2(unsigned int *deviceCount)}. */
    int nvmlDeviceGetCount(IntByReference deviceCount);

    /** {@code nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device)}. */
    int nvmlDeviceGetHandleByIndex(int index, PointerByReference device);

    /** {@code nvmlDeviceGetHandleByUUID(const char *uuid, nvmlDevice_t *device)}; takes GPU and MIG UUIDs. */
    int nvmlDeviceGetHandleByUUID(String uuid, PointerByReference device);

    /** {@code nvmlDeviceGetDeviceHandleFromMigDeviceHandle(nvmlDevice_t migDevice, nvmlDevice_t *device)}. */
    int nvmlDeviceGetDeviceHandleFromMigDeviceHandle(Pointer migDevice, PointerByReference device);

    /** {@code nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length)}. */
    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    /** {@code nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length)}. */
    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

    /** {@code nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory)}. */
    int nvmlDeviceGetMemoryInfo(Pointer device, NvmlMemory memory);

    /** {@code nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization)}. */
    int nvmlDeviceGetUtilizationRates(Pointer device, NvmlUtilization utilization);

    /**
     * {@code nvmlDeviceGetTemperature(nvmlDevice_t, nvmlTemperatureSensors_t sensorType, unsigned int *temp)};
     * deprecated in NVML 13 but exported by every driver the agent meets.
     */
    int nvmlDeviceGetTemperature(Pointer device, int sensorType, IntByReference temp);

    /** {@code nvmlDeviceGetTemperatureV(nvmlDevice_t device, nvmlTemperature_t *temperature)}. */
    int nvmlDeviceGetTemperatureV(Pointer device, NvmlTemperatureV1 temperature);

    /** {@code nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power)}: milliwatts. */
    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference power);

    /** {@code nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t, unsigned long long *energy)}: mJ since driver load. */
    int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference energy);

    /** {@code nvmlDeviceGetClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock)}: MHz. */
    int nvmlDeviceGetClockInfo(Pointer device, int type, IntByReference clock);

    /**
     * {@code nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t, unsigned long long *clocksEventReasons)}, or on
     * older drivers the same function under its former name
     * {@code nvmlDeviceGetCurrentClocksThrottleReasons}.
     */
    int nvmlDeviceGetCurrentClocksEventReasons(Pointer device, LongByReference reasons);

    /** {@code nvmlDeviceGetPcieThroughput(nvmlDevice_t, nvmlPcieUtilCounter_t counter, unsigned int *value)}: KB/s. */
    int nvmlDeviceGetPcieThroughput(Pointer device, int counter, IntByReference value);

    /**
     * {@code nvmlDeviceGetTotalEccErrors(nvmlDevice_t, nvmlMemoryErrorType_t errorType,
     * nvmlEccCounterType_t counterType, unsigned long long *eccCounts)}.
     */
    int nvmlDeviceGetTotalEccErrors(Pointer device, int errorType, int counterType, LongByReference eccCounts);

    /**
     * {@code nvmlDeviceGetComputeRunningProcesses_v3} (else {@code _v2}; both fill 24-byte
     * {@code nvmlProcessInfo_t} elements): {@code (nvmlDevice_t device, unsigned int *infoCount,
     * nvmlProcessInfo_t *infos)}. {@code infoCount} carries the capacity in and the count out.
     */
    int nvmlDeviceGetComputeRunningProcesses(Pointer device, IntByReference infoCount, Pointer infos);
}
