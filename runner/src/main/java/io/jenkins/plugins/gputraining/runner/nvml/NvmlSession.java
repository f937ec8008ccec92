package io.jenkins.plugins.gputraining.runner.nvml;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlStructs.NvmlMemory;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlStructs.NvmlTemperatureV1;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlStructs.NvmlUtilization;
import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An initialised NVML: the GPU inventory, and one public method per NVML query so callers (and benchmarks) can
 * time raw calls. Each query is one driver call except {@link #computeProcesses}, which retries when the process
 * list outgrows its buffer.
 *
 * <p>The output buffers are reused across calls, so the methods are synchronized; sample from one thread. A query
 * throws {@link NvmlException} with NVML's code; a function the installed library lacks answers
 * {@code NVML_ERROR_FUNCTION_NOT_FOUND} without a call. {@link #close()} shuts NVML down.
 */
public final class NvmlSession implements AutoCloseable {
    private static final int SUCCESS = NvmlReturn.SUCCESS.code();
    private static final int INSUFFICIENT_SIZE = NvmlReturn.ERROR_INSUFFICIENT_SIZE.code();
    /** NVML_DEVICE_NAME_V2_BUFFER_SIZE and NVML_DEVICE_UUID_V2_BUFFER_SIZE. */
    private static final int DEVICE_STRING_BUFFER = 96;
    /** NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE and NVML_SYSTEM_NVML_VERSION_BUFFER_SIZE. */
    private static final int SYSTEM_STRING_BUFFER = 80;
    /** NVML_TEMPERATURE_GPU. */
    private static final int TEMPERATURE_GPU = 0;
    /** NVML_VOLATILE_ECC: counts since the driver loaded, the ones that move during a run. */
    private static final int VOLATILE_ECC = 0;
    /** Tries of the process query when processes start between the size answer and the retry. */
    private static final int PROCESS_QUERY_TRIES = 4;

    /** {@code nvmlClockType_t} values the sampler reads. */
    public enum Clock {
        SM(1), MEMORY(2);

        private final int value;

        Clock(final int value) {
            this.value = value;
        }
    }

    /** {@code nvmlPcieUtilCounter_t}. */
    public enum PcieCounter {
        TX_BYTES(0), RX_BYTES(1);

        private final int value;

        PcieCounter(final int value) {
            this.value = value;
        }
    }

    /** {@code nvmlMemoryErrorType_t}. */
    public enum EccErrorType {
        CORRECTED(0), UNCORRECTED(1);

        private final int value;

        EccErrorType(final int value) {
            this.value = value;
        }
    }

    /** {@code nvmlUtilization_t}, percent. */
    public record Utilization(long gpuPercent, long memoryPercent) {
    }

    /** {@code nvmlMemory_t}, bytes. */
    public record MemoryInfo(long totalBytes, long freeBytes, long usedBytes) {
    }

    private final NvmlLibrary nvml;
    private final NvmlSymbols symbols;
    private final String library;
    private final List<String> warnings = new ArrayList<>();
    private String driverVersion;
    private String nvmlVersion;
    private List<NvmlDevice> devices = List.of();

    private final IntByReference uintOut = new IntByReference();
    private final LongByReference ulongOut = new LongByReference();
    private final PointerByReference handleOut = new PointerByReference();
    private final NvmlMemory memory = new NvmlMemory();
    private final NvmlUtilization utilization = new NvmlUtilization();
    private final ComputeProcesses processes = new ComputeProcesses();
    private NvmlTemperatureV1 temperatureV;
    private boolean useTemperatureV;
    private boolean closed;

    private NvmlSession(final NvmlLibrary nvml, final NvmlSymbols symbols, final String library) {
        this.nvml = nvml;
        this.symbols = symbols;
        this.library = library;
        this.useTemperatureV = !symbols.has("nvmlDeviceGetTemperature");
    }

    /** Reads versions and inventory of an initialised library; the caller shuts NVML down if this throws. */
    static NvmlSession start(final NvmlLibrary nvml, final NvmlSymbols symbols, final String library)
            throws NvmlException {
        NvmlSession session = new NvmlSession(nvml, symbols, library);
        session.driverVersion = session.systemString("nvmlSystemGetDriverVersion");
        session.nvmlVersion = session.systemString("nvmlSystemGetNVMLVersion");
        session.devices = List.copyOf(session.readInventory());
        return session;
    }

    private List<NvmlDevice> readInventory() throws NvmlException {
        List<NvmlDevice> found = new ArrayList<>();
        int count = deviceCount();
        for (int index = 0; index < count; index++) {
            Pointer handle;
            String uuid;
            try {
                handle = handleByIndex(index);
                uuid = uuid(handle);
            }
            catch (NvmlException e) {
                // A GPU this process may not use (cgroup) or that fell off the bus: the others are still sampled.
                warnings.add("GPU " + index + " skipped: " + e.getMessage());
                continue;
            }
            String name = null;
            try {
                name = name(handle);
            }
            catch (NvmlException e) {
                warnings.add("GPU " + index + " name unknown: " + e.getMessage());
            }
            Long total = null;
            try {
                total = memoryInfo(handle).totalBytes();
            }
            catch (NvmlException e) {
                warnings.add("GPU " + index + " memory size unknown: " + e.getMessage());
            }
            found.add(new NvmlDevice(index, uuid, name, total, handle));
        }
        return found;
    }

    /** The library file (or name) that was loaded. */
    public String library() {
        return library;
    }

    /** The driver version, e.g. "580.159.04"; {@code null} when the driver did not say. */
    public String driverVersion() {
        return driverVersion;
    }

    /** The NVML version, e.g. "13.580.159.04"; {@code null} when the library lacks the query. */
    public String nvmlVersion() {
        return nvmlVersion;
    }

    /** The exported symbol each binding method calls (which of {@code _v3}/{@code _v2} was found, …). */
    public NvmlSymbols symbols() {
        return symbols;
    }

    /** Every GPU NVML lets this process use, by NVML index. */
    public List<NvmlDevice> devices() {
        return devices;
    }

    /** The inventory as the progress format records it. */
    public List<GpuDevice> inventory() {
        return devices.stream().map(NvmlDevice::toGpuDevice).toList();
    }

    /** GPUs left out of the inventory, values the driver did not give; empty when all went well. */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The device with this UUID (exact, case-insensitive). */
    public Optional<NvmlDevice> device(final String uuid) {
        return devices.stream().filter(device -> device.uuid().equalsIgnoreCase(uuid)).findFirst();
    }

    /**
     * The UUID of the GPU a MIG device (by its {@code MIG-…} UUID) is carved from; empty when NVML does not know
     * the id or the library lacks MIG support.
     */
    public synchronized Optional<String> parentUuidOfMig(final String migUuid) {
        if (closed || !symbols.has("nvmlDeviceGetHandleByUUID")
                || !symbols.has("nvmlDeviceGetDeviceHandleFromMigDeviceHandle")) {
            return Optional.empty();
        }
        if (nvml.nvmlDeviceGetHandleByUUID(migUuid, handleOut) != SUCCESS) {
            return Optional.empty();
        }
        Pointer mig = handleOut.getValue();
        if (nvml.nvmlDeviceGetDeviceHandleFromMigDeviceHandle(mig, handleOut) != SUCCESS) {
            return Optional.empty();
        }
        try {
            return Optional.of(uuid(handleOut.getValue()));
        }
        catch (NvmlException e) {
            return Optional.empty();
        }
    }

    /** {@code nvmlDeviceGetCount_v2}. */
    public synchronized int deviceCount() throws NvmlException {
        String method = "nvmlDeviceGetCount";
        ready(method);
        check(method, nvml.nvmlDeviceGetCount(uintOut));
        return uintOut.getValue();
    }

    private Pointer handleByIndex(final int index) throws NvmlException {
        String method = "nvmlDeviceGetHandleByIndex";
        ready(method);
        check(method, nvml.nvmlDeviceGetHandleByIndex(index, handleOut));
        return handleOut.getValue();
    }

    private String uuid(final Pointer handle) throws NvmlException {
        String method = "nvmlDeviceGetUUID";
        ready(method);
        byte[] buffer = new byte[DEVICE_STRING_BUFFER];
        check(method, nvml.nvmlDeviceGetUUID(handle, buffer, buffer.length));
        return cString(buffer);
    }

    private String name(final Pointer handle) throws NvmlException {
        String method = "nvmlDeviceGetName";
        ready(method);
        byte[] buffer = new byte[DEVICE_STRING_BUFFER];
        check(method, nvml.nvmlDeviceGetName(handle, buffer, buffer.length));
        return cString(buffer);
    }

    /** {@code nvmlDeviceGetUtilizationRates}. */
    public synchronized Utilization utilization(final NvmlDevice device) throws NvmlException {
        String method = "nvmlDeviceGetUtilizationRates";
        ready(method);
        check(method, nvml.nvmlDeviceGetUtilizationRates(device.handle(), utilization));
        return new Utilization(NvmlUnits.unsigned(utilization.gpu), NvmlUnits.unsigned(utilization.memory));
    }

    /** {@code nvmlDeviceGetMemoryInfo}. */
    public synchronized MemoryInfo memoryInfo(final NvmlDevice device) throws NvmlException {
        return memoryInfo(device.handle());
    }

    private MemoryInfo memoryInfo(final Pointer handle) throws NvmlException {
        String method = "nvmlDeviceGetMemoryInfo";
        ready(method);
        check(method, nvml.nvmlDeviceGetMemoryInfo(handle, memory));
        return new MemoryInfo(memory.total, memory.free, memory.used);
    }

    /**
     * GPU core temperature, °C: {@code nvmlDeviceGetTemperature(NVML_TEMPERATURE_GPU)}, or
     * {@code nvmlDeviceGetTemperatureV} where the library lacks or has retired the former.
     */
    public synchronized long temperatureC(final NvmlDevice device) throws NvmlException {
        if (!useTemperatureV) {
            String method = "nvmlDeviceGetTemperature";
            ready(method);
            int code = nvml.nvmlDeviceGetTemperature(device.handle(), TEMPERATURE_GPU, uintOut);
            if (code == SUCCESS) {
                return NvmlUnits.unsigned(uintOut.getValue());
            }
            if (code != NvmlReturn.ERROR_DEPRECATED.code() || !symbols.has("nvmlDeviceGetTemperatureV")) {
                throw error(method, code);
            }
            useTemperatureV = true;
        }
        String method = "nvmlDeviceGetTemperatureV";
        ready(method);
        if (temperatureV == null) {
            temperatureV = new NvmlTemperatureV1();
        }
        temperatureV.version = NvmlTemperatureV1.VERSION;
        temperatureV.sensorType = TEMPERATURE_GPU;
        check(method, nvml.nvmlDeviceGetTemperatureV(device.handle(), temperatureV));
        return temperatureV.temperature;
    }

    /** {@code nvmlDeviceGetPowerUsage}, milliwatts. */
    public synchronized long powerMilliwatts(final NvmlDevice device) throws NvmlException {
        String method = "nvmlDeviceGetPowerUsage";
        ready(method);
        check(method, nvml.nvmlDeviceGetPowerUsage(device.handle(), uintOut));
        return NvmlUnits.unsigned(uintOut.getValue());
    }

    /** {@code nvmlDeviceGetTotalEnergyConsumption}, millijoules since the driver loaded. */
    public synchronized long energyMillijoules(final NvmlDevice device) throws NvmlException {
        String method = "nvmlDeviceGetTotalEnergyConsumption";
        ready(method);
        check(method, nvml.nvmlDeviceGetTotalEnergyConsumption(device.handle(), ulongOut));
        return ulongOut.getValue();
    }

    /** {@code nvmlDeviceGetClockInfo}, MHz. */
    public synchronized long clockMhz(final NvmlDevice device, final Clock clock) throws NvmlException {
        String method = "nvmlDeviceGetClockInfo";
        ready(method);
        check(method, nvml.nvmlDeviceGetClockInfo(device.handle(), clock.value, uintOut));
        return NvmlUnits.unsigned(uintOut.getValue());
    }

    /** {@code nvmlDeviceGetCurrentClocksEventReasons} (or its older name): {@code nvmlClocksEventReason*} bits. */
    public synchronized long clockEventReasons(final NvmlDevice device) throws NvmlException {
        String method = "nvmlDeviceGetCurrentClocksEventReasons";
        ready(method);
        check(method, nvml.nvmlDeviceGetCurrentClocksEventReasons(device.handle(), ulongOut));
        return ulongOut.getValue();
    }

    /**
     * {@code nvmlDeviceGetPcieThroughput}, KB/s. nvml.h: the driver measures a 20 ms window inside the call, so
     * each of these costs about 20 ms.
     */
    public synchronized long pcieThroughputKbps(final NvmlDevice device, final PcieCounter counter)
            throws NvmlException {
        String method = "nvmlDeviceGetPcieThroughput";
        ready(method);
        check(method, nvml.nvmlDeviceGetPcieThroughput(device.handle(), counter.value, uintOut));
        return NvmlUnits.unsigned(uintOut.getValue());
    }

    /** {@code nvmlDeviceGetTotalEccErrors(type, NVML_VOLATILE_ECC)}. */
    public synchronized long totalEccErrors(final NvmlDevice device, final EccErrorType type) throws NvmlException {
        String method = "nvmlDeviceGetTotalEccErrors";
        ready(method);
        check(method, nvml.nvmlDeviceGetTotalEccErrors(device.handle(), type.value, VOLATILE_ECC, ulongOut));
        return ulongOut.getValue();
    }

    /**
     * {@code nvmlDeviceGetComputeRunningProcesses_v3} (or {@code _v2}). The call goes out with the buffer's
     * capacity; when the driver answers {@code NVML_ERROR_INSUFFICIENT_SIZE} with the count it needs, the buffer
     * grows and the call is made again (processes may start in between, hence a few tries). The answer is a view
     * of the session's buffer, valid until the next call.
     */
    public synchronized ComputeProcesses computeProcesses(final NvmlDevice device) throws NvmlException {
        String method = "nvmlDeviceGetComputeRunningProcesses";
        ready(method);
        int code = SUCCESS;
        for (int attempt = 0; attempt < PROCESS_QUERY_TRIES; attempt++) {
            uintOut.setValue(processes.capacity());
            code = nvml.nvmlDeviceGetComputeRunningProcesses(device.handle(), uintOut, processes.buffer());
            if (code == SUCCESS) {
                processes.setCount(uintOut.getValue());
                return processes;
            }
            if (code != INSUFFICIENT_SIZE) {
                break;
            }
            int needed = uintOut.getValue();
            processes.ensureCapacity(needed > processes.capacity() ? needed + 4 : processes.capacity() * 2);
        }
        processes.setCount(0);
        throw error(method, code);
    }

    private String systemString(final String method) {
        if (!symbols.has(method)) {
            return null;
        }
        byte[] buffer = new byte[SYSTEM_STRING_BUFFER];
        int code = "nvmlSystemGetDriverVersion".equals(method)
                ? nvml.nvmlSystemGetDriverVersion(buffer, buffer.length)
                : nvml.nvmlSystemGetNVMLVersion(buffer, buffer.length);
        if (code != SUCCESS) {
            warnings.add(error(method, code).getMessage());
            return null;
        }
        return cString(buffer);
    }

    private static String cString(final byte[] buffer) {
        int length = 0;
        while (length < buffer.length && buffer[length] != 0) {
            length++;
        }
        return new String(buffer, 0, length, StandardCharsets.UTF_8).trim();
    }

    /** Fails without a call when the session is closed or the library lacks the function. */
    private void ready(final String method) throws NvmlException {
        if (closed) {
            throw new NvmlException(method, NvmlReturn.ERROR_UNINITIALIZED.code(), "NVML session closed");
        }
        if (!symbols.has(method)) {
            throw new NvmlException(method, NvmlReturn.ERROR_FUNCTION_NOT_FOUND.code(),
                    "not exported by " + library);
        }
    }

    private void check(final String method, final int code) throws NvmlException {
        if (code != SUCCESS) {
            throw error(method, code);
        }
    }

    private NvmlException error(final String method, final int code) {
        return new NvmlException(symbols.symbol(method).orElse(method), code, Nvml.errorString(nvml, code));
    }

    /** Shuts NVML down (once); later queries fail with {@code NVML_ERROR_UNINITIALIZED}. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            nvml.nvmlShutdown();
        }
    }
}
