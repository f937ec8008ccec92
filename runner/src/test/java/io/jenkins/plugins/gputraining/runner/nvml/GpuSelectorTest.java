package io.jenkins.plugins.gputraining.runner.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GpuSelectorTest {
    private static final String H100 = "NVIDIA H100 80GB HBM3";
    private static final GpuDevice GPU0 = new GpuDevice(0, "GPU-aaaa1111-0000-0000-0000-000000000000", H100, 81559.0);
    private static final GpuDevice GPU1 = new GpuDevice(1, "GPU-aaaa2222-0000-0000-0000-000000000000", H100, 81559.0);
    private static final GpuDevice GPU2 = new GpuDevice(2, "GPU-bbbb3333-0000-0000-0000-000000000000", H100, 81559.0);
    private static final GpuDevice GPU3 = new GpuDevice(3, "GPU-cccc4444-0000-0000-0000-000000000000", H100, 81559.0);
    /** NVML order differs from list order on purpose: selection sorts by NVML index. */
    private static final List<GpuDevice> FOUR = List.of(GPU2, GPU0, GPU3, GPU1);
    private static final String MIG_ON_GPU3 = "MIG-7f3e2a10-1234-5678-9abc-def012345678";
    private static final MigResolver MIGS = mig -> MIG_ON_GPU3.equals(mig) ? Optional.of(GPU3.uuid())
            : Optional.empty();

    private static GpuSelection select(final String option, final Map<String, String> environment,
                                       final List<GpuDevice> inventory) throws GpuSelectionException {
        return GpuSelector.select(option, environment, inventory, MIGS);
    }

    private static GpuSelection select(final String option, final Map<String, String> environment)
            throws GpuSelectionException {
        return select(option, environment, FOUR);
    }

    @Test
    void withoutOptionOrVariableEveryVisibleGpuInNvmlOrder() throws GpuSelectionException {
        GpuSelection selection = select(null, Map.of());

        assertThat(selection.devices()).containsExactly(GPU0, GPU1, GPU2, GPU3);
        assertThat(selection.source()).isEqualTo(GpuSelection.ALL);
        assertThat(selection.warnings()).isEmpty();
        assertThat(selection.describe()).isEqualTo("GPUs 0, 1, 2, 3 (all visible)");
    }

    @Test
    void noGpuVisibleMeansNoGpuSelected() throws GpuSelectionException {
        assertThat(select(null, Map.of(), List.of()).devices()).isEmpty();
    }

    @Nested
    class GpusOption {
        @Test
        void allAndNoneAreKeywords() throws GpuSelectionException {
            assertThat(select("ALL", Map.of()).devices()).containsExactly(GPU0, GPU1, GPU2, GPU3);
            assertThat(select(" none ", Map.of()).devices()).isEmpty();
        }

        @Test
        void indexesAreNvmlIndexes() throws GpuSelectionException {
            GpuSelection selection = select("3, 1", Map.of());

            assertThat(selection.devices()).containsExactly(GPU1, GPU3);
            assertThat(selection.source()).isEqualTo(GpuSelection.OPTION);
            assertThat(selection.describe()).isEqualTo("GPUs 1, 3 from --gpus 3, 1");
        }

        @Test
        void uuidsAndUniquePrefixesMatchIgnoringCase() throws GpuSelectionException {
            assertThat(select(GPU1.uuid().toLowerCase(), Map.of()).devices()).containsExactly(GPU1);
            assertThat(select("gpu-BBBB,GPU-cccc4", Map.of()).devices()).containsExactly(GPU2, GPU3);
        }

        @Test
        void anAmbiguousPrefixIsAnError() {
            assertThatThrownBy(() -> select("GPU-aaaa", Map.of()))
                    .isInstanceOf(GpuSelectionException.class)
                    .hasMessageContaining("UUID prefix GPU-aaaa matches GPUs 0, 1");
        }

        @Test
        void anEntryMatchingNoGpuIsAnErrorThatListsTheVisibleOnes() {
            assertThatThrownBy(() -> select("0,7", Map.of()))
                    .isInstanceOf(GpuSelectionException.class)
                    .hasMessageContaining("--gpus 0,7: no GPU with index 7")
                    .hasMessageContaining("Visible GPUs: 0 " + GPU0.uuid() + " (" + H100 + ")");
            assertThatThrownBy(() -> select("GPU-ffff", Map.of()))
                    .hasMessageContaining("no GPU with UUID GPU-ffff");
            assertThatThrownBy(() -> select("first", Map.of()))
                    .hasMessageContaining("'first' is neither a GPU index nor a GPU-… or MIG-… id");
            assertThatThrownBy(() -> select("-1", Map.of())).isInstanceOf(GpuSelectionException.class);
            assertThatThrownBy(() -> select(" , ", Map.of())).hasMessageContaining("names no GPU");
        }

        @Test
        void winsOverTheEnvironment() throws GpuSelectionException {
            GpuSelection selection = select("2", Map.of("CUDA_VISIBLE_DEVICES", "0",
                    "NVIDIA_VISIBLE_DEVICES", "1"));

            assertThat(selection.devices()).containsExactly(GPU2);
        }

        @Test
        void aMigDeviceStandsForItsWholeGpu() throws GpuSelectionException {
            GpuSelection selection = select(MIG_ON_GPU3, Map.of());

            assertThat(selection.devices()).containsExactly(GPU3);
            assertThat(selection.warnings()).singleElement().asString()
                    .contains("MIG device " + MIG_ON_GPU3 + " is sampled as its whole GPU 3");
        }

        @Test
        void theFormerMigNamingCarriesTheParentUuid() throws GpuSelectionException {
            GpuSelection selection = GpuSelector.select("MIG-" + GPU1.uuid() + "/1/0", Map.of(), FOUR,
                    MigResolver.NONE);

            assertThat(selection.devices()).containsExactly(GPU1);
        }

        @Test
        void anUnknownMigDeviceIsAnError() {
            assertThatThrownBy(() -> select("MIG-00000000-0000-0000-0000-000000000000", Map.of()))
                    .hasMessageContaining("is not known to NVML");
        }
    }

    @Nested
    class CudaVisibleDevices {
        @Test
        void indexesPickFromTheVisibleGpus() throws GpuSelectionException {
            GpuSelection selection = select(null, Map.of("CUDA_VISIBLE_DEVICES", "3,1"));

            assertThat(selection.devices()).containsExactly(GPU1, GPU3);
            assertThat(selection.source()).isEqualTo(GpuSelection.CUDA_VISIBLE_DEVICES);
            assertThat(selection.warnings()).isEmpty();
            assertThat(selection.describe()).isEqualTo("GPUs 1, 3 from CUDA_VISIBLE_DEVICES=3,1");
        }

        @Test
        void anIndexIsAPositionInTheVisibleListNotAnNvmlIndex() throws GpuSelectionException {
            List<GpuDevice> withoutGpu1 = List.of(GPU0, GPU2, GPU3);

            assertThat(select(null, Map.of("CUDA_VISIBLE_DEVICES", "1"), withoutGpu1).devices())
                    .containsExactly(GPU2);
        }

        @Test
        void anEmptyValueHidesEveryGpuAsItDoesFromCuda() throws GpuSelectionException {
            GpuSelection selection = select(null, Map.of("CUDA_VISIBLE_DEVICES", ""));

            assertThat(selection.devices()).isEmpty();
            assertThat(selection.warnings()).singleElement().asString().contains("empty");
            assertThat(selection.describe()).isEqualTo("no GPU from CUDA_VISIBLE_DEVICES=");
        }

        @Test
        void entriesAfterTheFirstInvalidOneAreIgnoredLikeCudaDoes() throws GpuSelectionException {
            GpuSelection selection = select(null, Map.of("CUDA_VISIBLE_DEVICES", "0,9,1"));

            assertThat(selection.devices()).containsExactly(GPU0);
            assertThat(selection.warnings()).singleElement().asString()
                    .contains("index 9 is beyond the 4 visible GPUs")
                    .contains("CUDA ignores it and the entries after it");
        }

        @Test
        void minusOneHidesEveryGpu() throws GpuSelectionException {
            assertThat(select(null, Map.of("CUDA_VISIBLE_DEVICES", "-1")).devices()).isEmpty();
        }

        @Test
        void uuidsAndMigIdsMatchByUuid() throws GpuSelectionException {
            assertThat(select(null, Map.of("CUDA_VISIBLE_DEVICES", GPU2.uuid() + "," + MIG_ON_GPU3)).devices())
                    .containsExactly(GPU2, GPU3);
        }

        @Test
        void aRepeatedGpuIsSampledOnce() throws GpuSelectionException {
            assertThat(select(null, Map.of("CUDA_VISIBLE_DEVICES", "1,1," + GPU1.uuid())).devices())
                    .containsExactly(GPU1);
        }

        @Test
        void winsOverNvidiaVisibleDevices() throws GpuSelectionException {
            assertThat(select(null, Map.of("CUDA_VISIBLE_DEVICES", "0", "NVIDIA_VISIBLE_DEVICES", "all"))
                    .devices()).containsExactly(GPU0);
        }

        @Test
        void warnsThatIndexesMayDifferOnMixedGpusWithoutPciBusOrder() throws GpuSelectionException {
            GpuDevice l4 = new GpuDevice(1, "GPU-dddd5555-0000-0000-0000-000000000000", "NVIDIA L4", 22491.0);
            List<GpuDevice> mixed = List.of(GPU0, l4);

            assertThat(select(null, Map.of("CUDA_VISIBLE_DEVICES", "1"), mixed).warnings())
                    .singleElement().asString().contains("CUDA_DEVICE_ORDER=PCI_BUS_ID");
            assertThat(select(null, Map.of("CUDA_VISIBLE_DEVICES", "1", "CUDA_DEVICE_ORDER", "PCI_BUS_ID"), mixed)
                    .warnings()).isEmpty();
            assertThat(select(null, Map.of("CUDA_VISIBLE_DEVICES", l4.uuid()), mixed).warnings()).isEmpty();
            assertThat(select(null, Map.of("CUDA_VISIBLE_DEVICES", "1"), FOUR).warnings()).isEmpty();
        }
    }

    @Nested
    class NvidiaVisibleDevices {
        @Test
        void allVoidAndEmptyDoNotRestrict() throws GpuSelectionException {
            for (String value : List.of("all", "void", "")) {
                assertThat(select(null, Map.of("NVIDIA_VISIBLE_DEVICES", value)).devices())
                        .as(value).containsExactly(GPU0, GPU1, GPU2, GPU3);
            }
        }

        @Test
        void noneSelectsNoGpu() throws GpuSelectionException {
            GpuSelection selection = select(null, Map.of("NVIDIA_VISIBLE_DEVICES", "none"));

            assertThat(selection.devices()).isEmpty();
            assertThat(selection.source()).isEqualTo(GpuSelection.NVIDIA_VISIBLE_DEVICES);
        }

        @Test
        void hostIndexesAlreadyAppliedByTheContainerRuntimeSelectEveryVisibleGpu() throws GpuSelectionException {
            // In a container given host GPUs 2 and 3, NVML sees them as 0 and 1.
            GpuDevice first = new GpuDevice(0, GPU2.uuid(), H100, 81559.0);
            GpuDevice second = new GpuDevice(1, GPU3.uuid(), H100, 81559.0);

            assertThat(select(null, Map.of("NVIDIA_VISIBLE_DEVICES", "2,3"), List.of(first, second)).devices())
                    .containsExactly(first, second);
        }

        @Test
        void outsideAContainerIndexesAreNvmlIndexes() throws GpuSelectionException {
            assertThat(select(null, Map.of("NVIDIA_VISIBLE_DEVICES", "3,1")).devices()).containsExactly(GPU1, GPU3);
        }

        @Test
        void uuidsMatchByUuid() throws GpuSelectionException {
            assertThat(select(null, Map.of("NVIDIA_VISIBLE_DEVICES", GPU2.uuid())).devices())
                    .containsExactly(GPU2);
        }

        @Test
        void unmatchedEntriesAreSkippedWithAWarning() throws GpuSelectionException {
            GpuSelection selection = select(null, Map.of("NVIDIA_VISIBLE_DEVICES", "1,9"));

            assertThat(selection.devices()).containsExactly(GPU1);
            assertThat(selection.warnings()).singleElement().asString().contains("skipped no GPU with index 9");
        }

        @Test
        void aListMatchingNothingFallsBackToEveryVisibleGpu() throws GpuSelectionException {
            GpuSelection selection = select(null, Map.of("NVIDIA_VISIBLE_DEVICES", "GPU-ffff"));

            assertThat(selection.devices()).containsExactly(GPU0, GPU1, GPU2, GPU3);
            assertThat(selection.warnings()).last().asString().contains("matches no GPU NVML sees");
        }
    }
}
