package io.jenkins.plugins.gputraining.runner.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NvmlSymbolsTest {
    @Test
    void bindsTheNewestVersionOfEachFunction() {
        NvmlSymbols symbols = NvmlSymbols.resolve(symbol -> true);

        assertThat(symbols.symbol("nvmlInit")).contains("nvmlInit_v2");
        assertThat(symbols.symbol("nvmlDeviceGetCount")).contains("nvmlDeviceGetCount_v2");
        assertThat(symbols.symbol("nvmlDeviceGetHandleByIndex")).contains("nvmlDeviceGetHandleByIndex_v2");
        assertThat(symbols.symbol("nvmlDeviceGetComputeRunningProcesses"))
                .contains("nvmlDeviceGetComputeRunningProcesses_v3");
        assertThat(symbols.symbol("nvmlDeviceGetCurrentClocksEventReasons"))
                .contains("nvmlDeviceGetCurrentClocksEventReasons");
        assertThat(symbols.missingRequired()).isEmpty();
    }

    @Test
    void fallsBackToV2ProcessesAndTheFormerThrottleReasonsName() {
        Set<String> exported = Set.of("nvmlDeviceGetComputeRunningProcesses_v2",
                "nvmlDeviceGetComputeRunningProcesses", "nvmlDeviceGetCurrentClocksThrottleReasons");

        NvmlSymbols symbols = NvmlSymbols.resolve(exported::contains);

        assertThat(symbols.symbol("nvmlDeviceGetComputeRunningProcesses"))
                .contains("nvmlDeviceGetComputeRunningProcesses_v2");
        assertThat(symbols.symbol("nvmlDeviceGetCurrentClocksEventReasons"))
                .contains("nvmlDeviceGetCurrentClocksThrottleReasons");
    }

    @Test
    void neverBindsTheUnversionedProcessQueryWhoseElementsAreSixteenBytes() {
        NvmlSymbols symbols = NvmlSymbols.resolve("nvmlDeviceGetComputeRunningProcesses"::equals);

        assertThat(symbols.has("nvmlDeviceGetComputeRunningProcesses")).isFalse();
    }

    @Test
    void reportsTheRequiredFunctionsAnOldLibraryLacks() {
        Set<String> exported = Set.of("nvmlInit", "nvmlShutdown", "nvmlErrorString", "nvmlDeviceGetCount",
                "nvmlDeviceGetHandleByIndex");

        NvmlSymbols symbols = NvmlSymbols.resolve(exported::contains);

        assertThat(symbols.missingRequired()).containsExactly("nvmlInit_v2", "nvmlDeviceGetCount_v2",
                "nvmlDeviceGetHandleByIndex_v2");
    }

    @Test
    void everyBindingMethodHasASymbolTable() {
        NvmlSymbols symbols = NvmlSymbols.resolve(symbol -> true);

        assertThat(symbols.bound().keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(NvmlLibrary.class.getDeclaredMethods()).map(Method::getName).toList());
    }
}
