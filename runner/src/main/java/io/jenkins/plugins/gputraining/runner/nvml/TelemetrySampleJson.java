package io.jenkins.plugins.gputraining.runner.nvml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;

/**
 * Samples and GPUs as JSON trees with telemetry.jsonl's and progress.json's keys, for output that is not a run
 * directory (the {@code gpus} command). Like the format's writer, an unknown value is left out, never written as 0.
 */
public final class TelemetrySampleJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TelemetrySampleJson() {
    }

    /** One sample, keys and order as in telemetry.jsonl. */
    public static ObjectNode toJson(final TelemetrySample sample) {
        ObjectNode json = NODES.objectNode();
        number(json, "time", sample.time());
        json.put("gpu", sample.gpu());
        if (sample.uuid() != null) {
            json.put("uuid", sample.uuid());
        }
        number(json, "utilization_percent", sample.utilizationPercent());
        number(json, "memory_utilization_percent", sample.memoryUtilizationPercent());
        number(json, "memory_used_mb", sample.memoryUsedMb());
        number(json, "memory_total_mb", sample.memoryTotalMb());
        number(json, "temperature_c", sample.temperatureC());
        number(json, "power_watts", sample.powerWatts());
        number(json, "energy_mj", sample.energyMillijoules());
        number(json, "sm_clock_mhz", sample.smClockMhz());
        number(json, "memory_clock_mhz", sample.memoryClockMhz());
        if (sample.clockEventReasons() != null) {
            ArrayNode reasons = json.putArray("clock_event_reasons");
            sample.clockEventReasons().forEach(reasons::add);
        }
        number(json, "pcie_rx_kbps", sample.pcieRxKbps());
        number(json, "pcie_tx_kbps", sample.pcieTxKbps());
        number(json, "ecc_corrected", sample.eccCorrected());
        number(json, "ecc_uncorrected", sample.eccUncorrected());
        number(json, "process_memory_mb", sample.processMemoryMb());
        for (var extra : sample.extra().entrySet()) {
            JsonNode value = extra.getValue();
            json.set(extra.getKey(), value);
        }
        return json;
    }

    /** One GPU, keys as in progress.json's {@code gpus}. */
    public static ObjectNode toJson(final GpuDevice gpu) {
        ObjectNode json = NODES.objectNode();
        json.put("index", gpu.index());
        if (gpu.uuid() != null) {
            json.put("uuid", gpu.uuid());
        }
        if (gpu.name() != null) {
            json.put("name", gpu.name());
        }
        number(json, "memory_total_mb", gpu.memoryTotalMb());
        return json;
    }

    private static void number(final ObjectNode json, final String field, final Double value) {
        if (value == null) {
            return;
        }
        // Whole numbers as integers, as the format's writer does, so both outputs read the same.
        if (Double.isFinite(value) && value == Math.rint(value) && Math.abs(value) < 1e15) {
            json.put(field, value.longValue());
        }
        else if (Double.isFinite(value)) {
            json.put(field, value);
        }
        else {
            json.put(field, value.isNaN() ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void number(final ObjectNode json, final String field, final double value) {
        number(json, field, Double.valueOf(value));
    }

    private static void number(final ObjectNode json, final String field, final Long value) {
        if (value != null) {
            json.put(field, value);
        }
    }
}
