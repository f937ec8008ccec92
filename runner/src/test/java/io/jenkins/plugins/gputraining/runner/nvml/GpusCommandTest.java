package io.jenkins.plugins.gputraining.runner.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.runner.cli.GpusCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code gpus} command run in-process through picocli, as {@code java -jar … gpus} runs it. */
class GpusCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exitCode, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    private static Run gpus(final Map<String, String> environment, final String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new GpusCommand(environment));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void withoutADriverOnThisMachineExitsThreeAndSaysWhy() {
        NoDriver.assumeNoNvidiaLibrary();

        Run run = gpus(Map.of());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("GPU telemetry is unavailable: libnvidia-ml.so.1 not found "
                        + "(no NVIDIA driver installed?).")
                .contains("nvidia-smi", "ldconfig -p | grep libnvidia-ml", "--gpus all")
                .contains("Training runs still work here")
                .as("one paragraph").hasLineCount(1);
    }

    @Test
    void aMissingLibraryGivenByPathExitsThree() {
        Run run = gpus(Map.of(), "--nvml-library", "/nonexistent/libnvidia-ml.so.1");

        assertThat(run.exitCode()).isEqualTo(GpusCommand.EXIT_NO_TELEMETRY);
        assertThat(run.err()).startsWith("GPU telemetry is unavailable: /nonexistent/libnvidia-ml.so.1 not found");
    }

    @Test
    void aDriverThatIsNotLoadedExitsThree() {
        FakeNvml fake = FakeNvml.of(FakeNvml.Variant.INIT_FAILS);

        Run run = gpus(Map.of(), "--nvml-library", fake.path().toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("GPU telemetry is unavailable: nvmlInit failed: Driver Not Loaded.");
    }

    @Test
    void printsTheInventoryAndOneSampleAsJson() throws IOException {
        FakeNvml fake = FakeNvml.of(FakeNvml.Variant.CURRENT);
        fake.fail("ecc", 0, NvmlReturn.ERROR_NOT_SUPPORTED, -1);
        fake.fail("ecc", 1, NvmlReturn.ERROR_NOT_SUPPORTED, -1);
        fake.processes(0, new int[] {4242}, new long[] {2048L * 1024 * 1024});

        Run run = gpus(Map.of(), "--nvml-library", fake.path().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode json = run.json();
        assertThat(json.path("driver_version").asText()).isEqualTo("580.159.04");
        assertThat(json.path("nvml_version").asText()).isEqualTo("13.580.159.04");
        assertThat(json.path("selection").path("source").asText()).isEqualTo("all");
        assertThat(json.path("gpus")).hasSize(2);
        JsonNode h200 = json.path("gpus").get(0);
        assertThat(h200.path("index").asInt()).isZero();
        assertThat(h200.path("uuid").asText()).isEqualTo("GPU-0a1b2c3d-1111-2222-3333-444455556666");
        assertThat(h200.path("name").asText()).isEqualTo("NVIDIA H200");
        assertThat(h200.path("memory_total_mb").asDouble()).isEqualTo(143771.0);
        assertThat(h200.path("selected").asBoolean()).isTrue();
        assertThat(json.path("sample")).hasSize(2);
        JsonNode sample = json.path("sample").get(0);
        assertThat(fieldNames(sample)).containsExactly("time", "gpu", "uuid", "utilization_percent",
                "memory_utilization_percent", "memory_used_mb", "memory_total_mb", "temperature_c", "power_watts",
                "energy_mj", "sm_clock_mhz", "memory_clock_mhz", "clock_event_reasons", "pcie_rx_kbps",
                "pcie_tx_kbps");
        assertThat(sample.path("power_watts").asDouble()).isEqualTo(412.345);
        assertThat(sample.path("time").asDouble()).isPositive();
        assertThat(json.path("unsupported_metrics").toString())
                .isEqualTo("[\"ecc_corrected\",\"ecc_uncorrected\"]");
        assertThat(json.path("processes").toString())
                .isEqualTo("[{\"gpu\":0,\"pid\":4242,\"used_gpu_memory_mb\":2048.0}]");
        assertThat(json.path("bound_symbols").path("nvmlDeviceGetComputeRunningProcesses").asText())
                .isEqualTo("nvmlDeviceGetComputeRunningProcesses_v3");
    }

    @Test
    void samplesTheGpusCudaVisibleDevicesChooses() throws IOException {
        FakeNvml fake = FakeNvml.of(FakeNvml.Variant.CURRENT);

        Run run = gpus(Map.of("CUDA_VISIBLE_DEVICES", "1"), "--nvml-library", fake.path().toString());

        assertThat(run.exitCode()).isZero();
        JsonNode json = run.json();
        assertThat(json.path("selection").path("description").asText())
                .isEqualTo("GPU 1 from CUDA_VISIBLE_DEVICES=1");
        assertThat(json.path("gpus").get(0).path("selected").asBoolean()).isFalse();
        assertThat(json.path("gpus").get(1).path("selected").asBoolean()).isTrue();
        assertThat(json.path("sample")).hasSize(1);
        assertThat(json.path("sample").get(0).path("gpu").asInt()).isEqualTo(1);
        assertThat(run.err()).as("the GPUs differ and CUDA_DEVICE_ORDER is unset")
                .contains("CUDA_DEVICE_ORDER=PCI_BUS_ID");
    }

    @Test
    void aGpusOptionNamingNoGpuIsAUsageError() {
        FakeNvml fake = FakeNvml.of(FakeNvml.Variant.CURRENT);

        Run run = gpus(Map.of(), "--nvml-library", fake.path().toString(), "--gpus", "GPU-ffff");

        assertThat(run.exitCode()).isEqualTo(GpusCommand.EXIT_BAD_SELECTION);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("--gpus GPU-ffff: no GPU with UUID GPU-ffff", "Visible GPUs: 0 GPU-0a1b2c3d");
    }

    @Test
    void nvmlWithoutAUsableGpuPrintsWhatItFoundAndExitsThree() throws IOException {
        FakeNvml fake = FakeNvml.of(FakeNvml.Variant.CURRENT);
        fake.fail("uuid", 0, NvmlReturn.ERROR_NO_PERMISSION, -1);
        fake.fail("uuid", 1, NvmlReturn.ERROR_NO_PERMISSION, -1);

        Run run = gpus(Map.of(), "--nvml-library", fake.path().toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.json().path("gpus")).isEmpty();
        assertThat(run.err()).contains("GPU 0 skipped: nvmlDeviceGetUUID failed: Insufficient Permissions",
                "NVML works (driver 580.159.04) but sees no GPU");
    }

    private static List<String> fieldNames(final JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
