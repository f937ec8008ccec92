package io.jenkins.plugins.gputraining.runner.nvml;

import com.sun.jna.FunctionMapper;
import com.sun.jna.NativeLibrary;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Which exported symbol each {@link NvmlLibrary} method calls. NVML keeps old entry points for old binaries and adds
 * {@code _v2}, {@code _v3} ones when a signature or struct changes, so the agent binds by name, newest first, and
 * only to versions whose layout it knows: the unversioned {@code nvmlDeviceGetComputeRunningProcesses} fills the
 * 16-byte {@code nvmlProcessInfo_v1_t}, so it is never bound.
 */
public final class NvmlSymbols {
    /** Method name → exported symbols, preferred first. */
    private static final Map<String, List<String>> CANDIDATES = candidates();

    /** Without these the library is too old to use at all. */
    static final List<String> REQUIRED = List.of("nvmlInit", "nvmlShutdown", "nvmlErrorString",
            "nvmlDeviceGetCount", "nvmlDeviceGetHandleByIndex");

    private final Map<String, String> bound;

    private NvmlSymbols(final Map<String, String> bound) {
        this.bound = bound;
    }

    private static Map<String, List<String>> candidates() {
        Map<String, List<String>> table = new LinkedHashMap<>();
        table.put("nvmlInit", List.of("nvmlInit_v2"));
        table.put("nvmlShutdown", List.of("nvmlShutdown"));
        table.put("nvmlErrorString", List.of("nvmlErrorString"));
        table.put("nvmlSystemGetDriverVersion", List.of("nvmlSystemGetDriverVersion"));
        table.put("nvmlSystemGetNVMLVersion", List.of("nvmlSystemGetNVMLVersion"));
        table.put("nvmlDeviceGetCount", List.of("nvmlDeviceGetCount_v2"));
        table.put("nvmlDeviceGetHandleByIndex", List.of("nvmlDeviceGetHandleByIndex_v2"));
        table.put("nvmlDeviceGetHandleByUUID", List.of("nvmlDeviceGetHandleByUUID"));
        table.put("nvmlDeviceGetDeviceHandleFromMigDeviceHandle",
                List.of("nvmlDeviceGetDeviceHandleFromMigDeviceHandle"));
        table.put("nvmlDeviceGetName", List.of("nvmlDeviceGetName"));
        table.put("nvmlDeviceGetUUID", List.of("nvmlDeviceGetUUID"));
        table.put("nvmlDeviceGetMemoryInfo", List.of("nvmlDeviceGetMemoryInfo"));
        table.put("nvmlDeviceGetUtilizationRates", List.of("nvmlDeviceGetUtilizationRates"));
        table.put("nvmlDeviceGetTemperature", List.of("nvmlDeviceGetTemperature"));
        table.put("nvmlDeviceGetTemperatureV", List.of("nvmlDeviceGetTemperatureV"));
        table.put("nvmlDeviceGetPowerUsage", List.of("nvmlDeviceGetPowerUsage"));
        table.put("nvmlDeviceGetTotalEnergyConsumption", List.of("nvmlDeviceGetTotalEnergyConsumption"));
        table.put("nvmlDeviceGetClockInfo", List.of("nvmlDeviceGetClockInfo"));
        table.put("nvmlDeviceGetCurrentClocksEventReasons",
                List.of("nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetCurrentClocksThrottleReasons"));
        table.put("nvmlDeviceGetPcieThroughput", List.of("nvmlDeviceGetPcieThroughput"));
        table.put("nvmlDeviceGetTotalEccErrors", List.of("nvmlDeviceGetTotalEccErrors"));
        table.put("nvmlDeviceGetComputeRunningProcesses",
                List.of("nvmlDeviceGetComputeRunningProcesses_v3", "nvmlDeviceGetComputeRunningProcesses_v2"));
        return Map.copyOf(table);
    }

    /** Binds every method to the first of its candidates the library exports. */
    public static NvmlSymbols resolve(final Predicate<String> exported) {
        Map<String, String> bound = new TreeMap<>();
        CANDIDATES.forEach((method, symbols) -> symbols.stream().filter(exported).findFirst()
                .ifPresent(symbol -> bound.put(method, symbol)));
        return new NvmlSymbols(Collections.unmodifiableMap(bound));
    }

    /** Binds against a loaded library. */
    static NvmlSymbols resolve(final NativeLibrary library) {
        return resolve(symbol -> exports(library, symbol));
    }

    private static boolean exports(final NativeLibrary library, final String symbol) {
        try {
            library.getFunction(symbol);
            return true;
        }
        catch (UnsatisfiedLinkError missing) {
            return false;
        }
    }

    /** The symbol a method calls, if the library has one. */
    public Optional<String> symbol(final String method) {
        return Optional.ofNullable(bound.get(method));
    }

    public boolean has(final String method) {
        return bound.containsKey(method);
    }

    /** The required methods the library lacks, by their candidate symbols; empty when usable. */
    public List<String> missingRequired() {
        return REQUIRED.stream().filter(method -> !has(method))
                .map(method -> String.join(" or ", CANDIDATES.get(method))).toList();
    }

    /** Every bound method → symbol, by method name. */
    public Map<String, String> bound() {
        return bound;
    }

    /**
     * The JNA mapper that makes {@link NvmlLibrary}'s methods call the symbols the library exports, chosen as
     * {@link #resolve} chooses them. Stateless, so the same options (and so JNA's one cached library instance) serve
     * the probe and the binding. A method without any exported candidate maps to its preferred symbol, never to the
     * bare name: calling it fails to link instead of reaching an old layout.
     */
    static final FunctionMapper FUNCTION_MAPPER = (final NativeLibrary library, final Method method) -> {
        String name = method.getName();
        List<String> candidates = CANDIDATES.get(name);
        if (candidates == null) {
            return name;
        }
        return candidates.stream().filter(symbol -> exports(library, symbol)).findFirst().orElse(candidates.get(0));
    };
}
