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

    /** Highest device memory a sample may report, MiB (16 TiB): the documented range of the memory fields. */
    static final double MAX_MEMORY_MB = 16_777_216;
    /** Highest power a sample may report, W. */
    public static final double MAX_POWER_WATTS = 10_000;
    /** Temperature range a sample may report, °C. */
    static final double MIN_TEMPERATURE_C = -40;
    static final double MAX_TEMPERATURE_C = 200;
    /** Highest clock a sample may report, MHz. */
    static final double MAX_CLOCK_MHZ = 100_000;
    /** Highest PCIe throughput a sample may report, KB/s. */
    static final double MAX_PCIE_KBPS = 1e9;

    static TelemetrySample parse(final JsonParser parser, final SkippedValues skipped)
            throws IOException, MalformedRecordException {
        Builder builder = new Builder(Double.NaN, -1);
        ExtraFields extra = new ExtraFields();
        boolean hasGpu = false;
        int seen = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "time" -> {
                    seen = ProgressJson.once(seen, 1, name);
                    builder.time = ProgressJson.time(parser);
                }
                case "gpu" -> {
                    seen = ProgressJson.once(seen, 1 << 1, name);
                    builder.gpu = gpuIndex(ProgressJson.integer(parser, name));
                    hasGpu = true;
                }
                case "uuid" -> {
                    seen = ProgressJson.once(seen, 1 << 2, name);
                    builder.uuid = ProgressJson.readString(parser);
                }
                case "utilization_percent" -> {
                    seen = ProgressJson.once(seen, 1 << 3, name);
                    builder.utilizationPercent = skipped.inRange(ProgressJson.number(parser, name), name, 0, 100);
                }
                case "memory_utilization_percent" -> {
                    seen = ProgressJson.once(seen, 1 << 4, name);
                    builder.memoryUtilizationPercent = skipped.inRange(ProgressJson.number(parser, name), name, 0,
                            100);
                }
                case "memory_used_mb" -> {
                    seen = ProgressJson.once(seen, 1 << 5, name);
                    builder.memoryUsedMb = skipped.inRange(ProgressJson.number(parser, name), name, 0, MAX_MEMORY_MB);
                }
                case "memory_total_mb" -> {
                    seen = ProgressJson.once(seen, 1 << 6, name);
                    builder.memoryTotalMb = skipped.inRange(ProgressJson.number(parser, name), name, 0,
                            MAX_MEMORY_MB);
                }
                case "temperature_c" -> {
                    seen = ProgressJson.once(seen, 1 << 7, name);
                    builder.temperatureC = skipped.inRange(ProgressJson.number(parser, name), name,
                            MIN_TEMPERATURE_C, MAX_TEMPERATURE_C);
                }
                case "power_watts" -> {
                    seen = ProgressJson.once(seen, 1 << 8, name);
                    builder.powerWatts = skipped.inRange(ProgressJson.number(parser, name), name, 0,
                            MAX_POWER_WATTS);
                }
                case "energy_mj" -> {
                    seen = ProgressJson.once(seen, 1 << 9, name);
                    builder.energyMillijoules = skipped.nonNegative(ProgressJson.integer(parser, name), name);
                }
                case "sm_clock_mhz" -> {
                    seen = ProgressJson.once(seen, 1 << 10, name);
                    builder.smClockMhz = skipped.inRange(ProgressJson.number(parser, name), name, 0, MAX_CLOCK_MHZ);
                }
                case "memory_clock_mhz" -> {
                    seen = ProgressJson.once(seen, 1 << 11, name);
                    builder.memoryClockMhz = skipped.inRange(ProgressJson.number(parser, name), name, 0,
                            MAX_CLOCK_MHZ);
                }
                case "clock_event_reasons" -> {
                    seen = ProgressJson.once(seen, 1 << 12, name);
                    builder.clockEventReasons = readStrings(parser);
                }
                case "pcie_rx_kbps" -> {
                    seen = ProgressJson.once(seen, 1 << 13, name);
                    builder.pcieRxKbps = skipped.inRange(ProgressJson.number(parser, name), name, 0, MAX_PCIE_KBPS);
                }
                case "pcie_tx_kbps" -> {
                    seen = ProgressJson.once(seen, 1 << 14, name);
                    builder.pcieTxKbps = skipped.inRange(ProgressJson.number(parser, name), name, 0, MAX_PCIE_KBPS);
                }
                case "ecc_corrected" -> {
                    seen = ProgressJson.once(seen, 1 << 15, name);
                    builder.eccCorrected = skipped.nonNegative(ProgressJson.integer(parser, name), name);
                }
                case "ecc_uncorrected" -> {
                    seen = ProgressJson.once(seen, 1 << 16, name);
                    builder.eccUncorrected = skipped.nonNegative(ProgressJson.integer(parser, name), name);
                }
                case "process_memory_mb" -> {
                    seen = ProgressJson.once(seen, 1 << 17, name);
                    builder.processMemoryMb = skipped.inRange(ProgressJson.number(parser, name), name, 0,
                            MAX_MEMORY_MB);
                }
                default -> extra.read(name, parser);
            }
        }
        if (Double.isNaN(builder.time)) {
            throw new MalformedRecordException("telemetry sample without a numeric \"time\"");
        }
        if (!hasGpu) {
            throw new MalformedRecordException("telemetry sample without a GPU index \"gpu\"");
        }
        if (builder.memoryUsedMb != null && builder.memoryTotalMb != null
                && builder.memoryUsedMb > builder.memoryTotalMb) {
            skipped.skipped("\"memory_used_mb\" " + ProgressJson.spell(builder.memoryUsedMb)
                    + " exceeds \"memory_total_mb\" " + ProgressJson.spell(builder.memoryTotalMb) + "; value left out");
            builder.memoryUsedMb = null;
        }
        builder.extra = extra.toMap();
        return builder.build();
    }

    /** A GPU index: an NVML index, 0 to 2^31 - 1; anything else would alias another GPU. */
    private static int gpuIndex(final Long index) throws MalformedRecordException {
        if (index == null || index < 0 || index > Integer.MAX_VALUE) {
            throw new MalformedRecordException("\"gpu\" " + index + " is not a GPU index (0 to " + Integer.MAX_VALUE
                    + ")");
        }
        return index.intValue();
    }

    private static List<String> readStrings(final JsonParser parser) throws IOException, MalformedRecordException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            throw new MalformedRecordException("\"clock_event_reasons\" is not an array of names");
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
