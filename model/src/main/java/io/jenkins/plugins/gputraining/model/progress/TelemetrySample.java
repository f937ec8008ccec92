package io.jenkins.plugins.gputraining.model.progress;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One sample of one GPU, a line of telemetry.jsonl. A metric the GPU does not support, or that failed to read,
 * is {@code null}, never 0.
 *
 * @param time epoch seconds of the sample
 * @param gpu NVML index of the GPU
 * @param uuid GPU UUID ({@code GPU-…})
 * @param utilizationPercent share of time a kernel ran (0–100)
 * @param memoryUtilizationPercent share of time device memory was read or written (0–100)
 * @param memoryUsedMb device memory in use, MiB
 * @param memoryTotalMb device memory, MiB
 * @param temperatureC GPU core temperature
 * @param powerWatts power draw
 * @param energyMillijoules NVML total energy counter (mJ since the driver loaded)
 * @param smClockMhz SM clock
 * @param memoryClockMhz memory clock
 * @param clockEventReasons why clocks are held down ({@link ClockEventReason} names); empty when none,
 *         {@code null} when unknown
 * @param pcieRxKbps PCIe receive throughput, KB/s
 * @param pcieTxKbps PCIe transmit throughput, KB/s
 * @param eccCorrected corrected ECC errors (volatile count)
 * @param eccUncorrected uncorrected ECC errors (volatile count)
 * @param processMemoryMb device memory used by the training's process tree, MiB
 * @param extra every other field, kept as written
 */
public record TelemetrySample(double time, int gpu, String uuid, Double utilizationPercent,
                              Double memoryUtilizationPercent, Double memoryUsedMb, Double memoryTotalMb,
                              Double temperatureC, Double powerWatts, Long energyMillijoules, Double smClockMhz,
                              Double memoryClockMhz, List<String> clockEventReasons, Double pcieRxKbps,
                              Double pcieTxKbps, Long eccCorrected, Long eccUncorrected, Double processMemoryMb,
                              Map<String, JsonNode> extra) {
    public TelemetrySample {
        clockEventReasons = clockEventReasons == null ? null : List.copyOf(clockEventReasons);
        extra = ExtraFields.copy(extra);
    }

    /** A builder, for writers that fill the fields one NVML query at a time. */
    public static Builder builder(final double time, final int gpu) {
        return new Builder(time, gpu);
    }

    static TelemetrySample parse(final JsonParser parser) throws IOException, MalformedRecordException {
        Builder builder = new Builder(Double.NaN, -1);
        ExtraFields extra = new ExtraFields();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "time" -> builder.time = nonNull(ProgressJson.readDouble(parser), Double.NaN);
                case "gpu" -> builder.gpu = nonNull(ProgressJson.readLong(parser), -1L).intValue();
                case "uuid" -> builder.uuid = ProgressJson.readString(parser);
                case "utilization_percent" -> builder.utilizationPercent = ProgressJson.readDouble(parser);
                case "memory_utilization_percent" -> builder.memoryUtilizationPercent = ProgressJson.readDouble(parser);
                case "memory_used_mb" -> builder.memoryUsedMb = ProgressJson.readDouble(parser);
                case "memory_total_mb" -> builder.memoryTotalMb = ProgressJson.readDouble(parser);
                case "temperature_c" -> builder.temperatureC = ProgressJson.readDouble(parser);
                case "power_watts" -> builder.powerWatts = ProgressJson.readDouble(parser);
                case "energy_mj" -> builder.energyMillijoules = ProgressJson.readLong(parser);
                case "sm_clock_mhz" -> builder.smClockMhz = ProgressJson.readDouble(parser);
                case "memory_clock_mhz" -> builder.memoryClockMhz = ProgressJson.readDouble(parser);
                case "clock_event_reasons" -> builder.clockEventReasons = readStrings(parser);
                case "pcie_rx_kbps" -> builder.pcieRxKbps = ProgressJson.readDouble(parser);
                case "pcie_tx_kbps" -> builder.pcieTxKbps = ProgressJson.readDouble(parser);
                case "ecc_corrected" -> builder.eccCorrected = ProgressJson.readLong(parser);
                case "ecc_uncorrected" -> builder.eccUncorrected = ProgressJson.readLong(parser);
                case "process_memory_mb" -> builder.processMemoryMb = ProgressJson.readDouble(parser);
                default -> extra.read(name, parser);
            }
        }
        if (!Double.isFinite(builder.time)) {
            throw new MalformedRecordException("telemetry sample without a numeric \"time\"");
        }
        if (builder.gpu < 0) {
            throw new MalformedRecordException("telemetry sample without a GPU index \"gpu\"");
        }
        builder.extra = extra.toMap();
        return builder.build();
    }

    private static <T> T nonNull(final T value, final T fallback) {
        return value == null ? fallback : value;
    }

    private static List<String> readStrings(final JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        List<String> values = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String value = ProgressJson.readString(parser);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    void write(final JsonGenerator generator) throws IOException {
        generator.writeStartObject();
        ProgressJson.writeNumber(generator, "time", time);
        generator.writeNumberField("gpu", gpu);
        ProgressJson.writeString(generator, "uuid", uuid);
        ProgressJson.writeNumber(generator, "utilization_percent", utilizationPercent);
        ProgressJson.writeNumber(generator, "memory_utilization_percent", memoryUtilizationPercent);
        ProgressJson.writeNumber(generator, "memory_used_mb", memoryUsedMb);
        ProgressJson.writeNumber(generator, "memory_total_mb", memoryTotalMb);
        ProgressJson.writeNumber(generator, "temperature_c", temperatureC);
        ProgressJson.writeNumber(generator, "power_watts", powerWatts);
        ProgressJson.writeNumber(generator, "energy_mj", energyMillijoules);
        ProgressJson.writeNumber(generator, "sm_clock_mhz", smClockMhz);
        ProgressJson.writeNumber(generator, "memory_clock_mhz", memoryClockMhz);
        if (clockEventReasons != null) {
            generator.writeArrayFieldStart("clock_event_reasons");
            for (String reason : clockEventReasons) {
                generator.writeString(reason);
            }
            generator.writeEndArray();
        }
        ProgressJson.writeNumber(generator, "pcie_rx_kbps", pcieRxKbps);
        ProgressJson.writeNumber(generator, "pcie_tx_kbps", pcieTxKbps);
        ProgressJson.writeNumber(generator, "ecc_corrected", eccCorrected);
        ProgressJson.writeNumber(generator, "ecc_uncorrected", eccUncorrected);
        ProgressJson.writeNumber(generator, "process_memory_mb", processMemoryMb);
        ExtraFields.write(generator, extra);
        generator.writeEndObject();
    }

    /** Mutable builder of a {@link TelemetrySample}; not thread-safe. */
    public static final class Builder {
        private double time;
        private int gpu;
        private String uuid;
        private Double utilizationPercent;
        private Double memoryUtilizationPercent;
        private Double memoryUsedMb;
        private Double memoryTotalMb;
        private Double temperatureC;
        private Double powerWatts;
        private Long energyMillijoules;
        private Double smClockMhz;
        private Double memoryClockMhz;
        private List<String> clockEventReasons;
        private Double pcieRxKbps;
        private Double pcieTxKbps;
        private Long eccCorrected;
        private Long eccUncorrected;
        private Double processMemoryMb;
        private Map<String, JsonNode> extra = Map.of();

        private Builder(final double time, final int gpu) {
            this.time = time;
            this.gpu = gpu;
        }

        public Builder uuid(final String value) {
            uuid = value;
            return this;
        }

        public Builder utilizationPercent(final Double value) {
            utilizationPercent = value;
            return this;
        }

        public Builder memoryUtilizationPercent(final Double value) {
            memoryUtilizationPercent = value;
            return this;
        }

        public Builder memoryUsedMb(final Double value) {
            memoryUsedMb = value;
            return this;
        }

        public Builder memoryTotalMb(final Double value) {
            memoryTotalMb = value;
            return this;
        }

        public Builder temperatureC(final Double value) {
            temperatureC = value;
            return this;
        }

        public Builder powerWatts(final Double value) {
            powerWatts = value;
            return this;
        }

        public Builder energyMillijoules(final Long value) {
            energyMillijoules = value;
            return this;
        }

        public Builder smClockMhz(final Double value) {
            smClockMhz = value;
            return this;
        }

        public Builder memoryClockMhz(final Double value) {
            memoryClockMhz = value;
            return this;
        }

        public Builder clockEventReasons(final List<String> value) {
            clockEventReasons = value;
            return this;
        }

        public Builder pcieRxKbps(final Double value) {
            pcieRxKbps = value;
            return this;
        }

        public Builder pcieTxKbps(final Double value) {
            pcieTxKbps = value;
            return this;
        }

        public Builder eccCorrected(final Long value) {
            eccCorrected = value;
            return this;
        }

        public Builder eccUncorrected(final Long value) {
            eccUncorrected = value;
            return this;
        }

        public Builder processMemoryMb(final Double value) {
            processMemoryMb = value;
            return this;
        }

        public Builder extra(final Map<String, JsonNode> value) {
            extra = value;
            return this;
        }

        public TelemetrySample build() {
            return new TelemetrySample(time, gpu, uuid, utilizationPercent, memoryUtilizationPercent, memoryUsedMb,
                    memoryTotalMb, temperatureC, powerWatts, energyMillijoules, smClockMhz, memoryClockMhz,
                    clockEventReasons, pcieRxKbps, pcieTxKbps, eccCorrected, eccUncorrected, processMemoryMb, extra);
        }
    }
}
