package io.jenkins.plugins.gputraining.runner.nvml;

import java.util.List;

/**
 * One NVML query of the sampler and the telemetry.jsonl fields it fills. Support is decided per query: when the
 * utilisation query is not supported, both of its fields are.
 */
public enum GpuQuery {
    UTILIZATION("utilization_percent", "memory_utilization_percent"),
    MEMORY("memory_used_mb", "memory_total_mb"),
    TEMPERATURE("temperature_c"),
    POWER("power_watts"),
    ENERGY("energy_mj"),
    SM_CLOCK("sm_clock_mhz"),
    MEMORY_CLOCK("memory_clock_mhz"),
    CLOCK_EVENT_REASONS("clock_event_reasons"),
    PCIE_RX("pcie_rx_kbps"),
    PCIE_TX("pcie_tx_kbps"),
    ECC_CORRECTED("ecc_corrected"),
    ECC_UNCORRECTED("ecc_uncorrected"),
    PROCESS_MEMORY("process_memory_mb");

    private final List<String> fields;

    GpuQuery(final String... fields) {
        this.fields = List.of(fields);
    }

    /** The telemetry.jsonl field names, snake_case. */
    public List<String> fields() {
        return fields;
    }
}
