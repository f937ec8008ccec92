package io.jenkins.plugins.gputraining.runner.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a driver, library or working NVML, opening answers why, and never throws. */
class NvmlUnavailableTest {
    @Test
    void onThisMachineWithoutADriverTheReasonNamesTheMissingLibrary() {
        NoDriver.assumeNoNvidiaLibrary();

        NvmlOpenResult result = Nvml.open();

        assertThat(result).isInstanceOfSatisfying(NvmlOpenResult.Unavailable.class, unavailable -> {
            assertThat(unavailable.reason()).isEqualTo("libnvidia-ml.so.1 not found (no NVIDIA driver installed?)");
            assertThat(unavailable.detail()).contains("libnvidia-ml.so.1");
            assertThat(unavailable.telemetryStatus().available()).isFalse();
            assertThat(unavailable.telemetryStatus().reason()).contains("libnvidia-ml");
        });
    }

    @Test
    void aLibraryPathThatDoesNotExistIsNotFound() {
        NvmlOpenResult result = Nvml.open(List.of("/nonexistent/libnvidia-ml.so.1"));

        assertThat(result).isInstanceOfSatisfying(NvmlOpenResult.Unavailable.class, unavailable ->
                assertThat(unavailable.reason())
                        .isEqualTo("/nonexistent/libnvidia-ml.so.1 not found (no NVIDIA driver installed?)"));
    }

    @Test
    void aFileThatIsNoLibraryCouldNotBeLoaded(@TempDir final Path directory) throws IOException {
        Path broken = Files.writeString(directory.resolve("libnvidia-ml.so.1"), "not an ELF file");

        NvmlOpenResult result = Nvml.open(List.of(broken.toString()));

        assertThat(result).isInstanceOfSatisfying(NvmlOpenResult.Unavailable.class, unavailable ->
                assertThat(unavailable.reason()).isEqualTo(broken + " could not be loaded "
                        + "(wrong architecture or broken driver install?)"));
    }

    @Test
    void aLibraryWithoutNvmlIsTooOld() {
        // libm loads fine but exports no NVML: the same answer as a driver older than the _v2 entry points.
        NvmlOpenResult result = Nvml.open(List.of("libm.so.6"));

        assertThat(result).isInstanceOfSatisfying(NvmlOpenResult.Unavailable.class, unavailable ->
                assertThat(unavailable.reason()).contains("lacks nvmlInit_v2").endsWith("(NVIDIA driver too old?)"));
    }

    @Test
    void aDriverThatIsNotLoadedFailsInitialisationWithTheDriversWords() {
        FakeNvml fake = FakeNvml.of(FakeNvml.Variant.INIT_FAILS);

        NvmlOpenResult result = Nvml.open(fake.libraryNames());

        assertThat(result).isInstanceOfSatisfying(NvmlOpenResult.Unavailable.class, unavailable ->
                assertThat(unavailable.reason()).isEqualTo("nvmlInit failed: Driver Not Loaded"));
    }

    @Test
    void aLibraryWithoutTheVersionTwoInitIsTooOld() {
        FakeNvml fake = FakeNvml.of(FakeNvml.Variant.NO_INIT_V2);

        NvmlOpenResult result = Nvml.open(fake.libraryNames());

        assertThat(result).isInstanceOfSatisfying(NvmlOpenResult.Unavailable.class, unavailable ->
                assertThat(unavailable.reason()).isEqualTo(fake.path() + " lacks nvmlInit_v2 (NVIDIA driver too old?)"));
    }
}
