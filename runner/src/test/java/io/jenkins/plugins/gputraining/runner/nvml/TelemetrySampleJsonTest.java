package io.jenkins.plugins.gputraining.runner.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import io.jenkins.plugins.gputraining.model.progress.ReadResult;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gpus command's sample JSON uses telemetry.jsonl's keys: the format's own reader reads it back whole. */
class TelemetrySampleJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TelemetrySample readBack(final Path directory, final TelemetrySample sample) throws IOException {
        Files.writeString(directory.resolve("telemetry.jsonl"),
                JSON.writeValueAsString(TelemetrySampleJson.toJson(sample)) + "\n");
        List<TelemetrySample> read = new ArrayList<>();
        ReadResult result = RunDirectory.at(directory).readTelemetry(read::add);
        assertThat(result.problems()).isEmpty();
        assertThat(read).hasSize(1);
        return read.get(0);
    }

    @Test
    void everyFieldReadsBackUnderItsOwnKey(@TempDir final Path directory) throws IOException {
        TelemetrySample sample = TelemetrySample.builder(1_700_000_000.25, 3).uuid("GPU-1234")
                .utilizationPercent(87.0).memoryUtilizationPercent(45.0).memoryUsedMb(81920.5).memoryTotalMb(143771.0)
                .temperatureC(63.0).powerWatts(412.345).energyMillijoules(123_456_789_012L).smClockMhz(1980.0)
                .memoryClockMhz(2619.0).clockEventReasons(List.of("sw_power_cap", "hw_thermal_slowdown"))
                .pcieRxKbps(5678.0).pcieTxKbps(1234.0).eccCorrected(2L).eccUncorrected(0L).processMemoryMb(1024.0)
                .build();

        TelemetrySample read = readBack(directory, sample);

        assertThat(read.extra()).as("no key the format does not know").isEmpty();
        assertThat(read).isEqualTo(sample);
    }

    @Test
    void unknownValuesAreLeftOutNotWrittenAsZero(@TempDir final Path directory) throws IOException {
        TelemetrySample sample = TelemetrySample.builder(2.0, 0).uuid("GPU-1234").temperatureC(40.0)
                .clockEventReasons(List.of()).build();

        assertThat(JSON.writeValueAsString(TelemetrySampleJson.toJson(sample))).isEqualTo(
                "{\"time\":2,\"gpu\":0,\"uuid\":\"GPU-1234\",\"temperature_c\":40,\"clock_event_reasons\":[]}");
        assertThat(readBack(directory, sample)).isEqualTo(sample);
    }

    @Test
    void aGpuHasTheInventoryKeys() throws IOException {
        assertThat(JSON.writeValueAsString(TelemetrySampleJson.toJson(
                new GpuDevice(1, "GPU-1234", "NVIDIA H200", 143771.0))))
                .isEqualTo("{\"index\":1,\"uuid\":\"GPU-1234\",\"name\":\"NVIDIA H200\",\"memory_total_mb\":143771}");
        assertThat(JSON.writeValueAsString(TelemetrySampleJson.toJson(new GpuDevice(0, "GPU-1", null, null))))
                .isEqualTo("{\"index\":0,\"uuid\":\"GPU-1\"}");
    }
}
