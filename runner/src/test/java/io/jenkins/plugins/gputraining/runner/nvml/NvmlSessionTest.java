package io.jenkins.plugins.gputraining.runner.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import io.jenkins.plugins.gputraining.model.progress.TelemetryStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The binding, session and sampler against fake-nvml.c through JNA: real native calls, real struct layouts, the
 * behaviour nvml.h documents. What only a real driver can show is left to the GPU check.
 */
class NvmlSessionTest {
    private static final String H200_UUID = "GPU-0a1b2c3d-1111-2222-3333-444455556666";
    private static final String L4_UUID = "GPU-0a1b2c3d-9999-8888-7777-666655554444";
    private static final long MIB = 1024 * 1024;

    private NvmlSession session;

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    private FakeNvml open(final FakeNvml.Variant variant) {
        FakeNvml fake = FakeNvml.of(variant);
        session = fake.open();
        return fake;
    }

    private GpuSampler samplerOfAll() {
        return new GpuSampler(session, session.inventory());
    }

    @Test
    void readsVersionsAndInventory() {
        open(FakeNvml.Variant.CURRENT);

        assertThat(session.driverVersion()).isEqualTo("580.159.04");
        assertThat(session.nvmlVersion()).isEqualTo("13.580.159.04");
        assertThat(session.inventory()).containsExactly(
                new GpuDevice(0, H200_UUID, "NVIDIA H200", 143771.0),
                new GpuDevice(1, L4_UUID, "NVIDIA L4", 23034.0));
        assertThat(session.warnings()).isEmpty();
        assertThat(session.symbols().symbol("nvmlDeviceGetComputeRunningProcesses"))
                .contains("nvmlDeviceGetComputeRunningProcesses_v3");
    }

    @Test
    void samplesEveryMetricInTheFormatsUnits() {
        open(FakeNvml.Variant.CURRENT);

        List<TelemetrySample> samples = samplerOfAll().sample(1_700_000_000.5, null);

        assertThat(samples).hasSize(2);
        TelemetrySample h200 = samples.get(0);
        assertThat(h200.time()).isEqualTo(1_700_000_000.5);
        assertThat(h200.gpu()).isZero();
        assertThat(h200.uuid()).isEqualTo(H200_UUID);
        assertThat(h200.utilizationPercent()).isEqualTo(87.0);
        assertThat(h200.memoryUtilizationPercent()).isEqualTo(45.0);
        assertThat(h200.memoryUsedMb()).isEqualTo(81920.0);
        assertThat(h200.memoryTotalMb()).isEqualTo(143771.0);
        assertThat(h200.temperatureC()).isEqualTo(63.0);
        assertThat(h200.powerWatts()).isCloseTo(412.345, within(1e-9));
        assertThat(h200.energyMillijoules()).isEqualTo(123_456_789_012L);
        assertThat(h200.smClockMhz()).isEqualTo(1980.0);
        assertThat(h200.memoryClockMhz()).isEqualTo(2619.0);
        assertThat(h200.clockEventReasons()).containsExactly("sw_power_cap", "hw_thermal_slowdown");
        assertThat(h200.pcieRxKbps()).isEqualTo(5678.0);
        assertThat(h200.pcieTxKbps()).isEqualTo(1234.0);
        assertThat(h200.eccCorrected()).isEqualTo(2L);
        assertThat(h200.eccUncorrected()).isZero();
        assertThat(h200.processMemoryMb()).as("no process tree given").isNull();
        TelemetrySample l4 = samples.get(1);
        assertThat(l4.gpu()).isEqualTo(1);
        assertThat(l4.utilizationPercent()).as("an idle GPU reads a true 0").isEqualTo(0.0);
        assertThat(l4.clockEventReasons()).containsExactly("gpu_idle");
    }

    @Test
    void noClockEventReasonIsAnEmptyListNotUnknown() {
        FakeNvml fake = open(FakeNvml.Variant.CURRENT);
        fake.clockEventReasons(0, 0);

        assertThat(samplerOfAll().sample(1.0, null).get(0).clockEventReasons()).isEmpty();
    }

    @Test
    void aMetricFirstAnsweredNotSupportedIsLeftOutAndNeverAskedAgain() {
        FakeNvml fake = open(FakeNvml.Variant.CURRENT);
        fake.fail("ecc", 1, NvmlReturn.ERROR_NOT_SUPPORTED, -1);
        fake.fail("power", 1, NvmlReturn.ERROR_NOT_SUPPORTED, -1);
        GpuSampler sampler = samplerOfAll();

        TelemetrySample first = sampler.sample(1.0, null).get(1);
        int eccCalls = fake.calls("ecc");
        int powerCalls = fake.calls("power");
        TelemetrySample second = null;
        // Through the next round that reads the slow metrics (ECC, PCIe) again.
        for (int round = 1; round <= GpuSampler.SLOW_METRICS_EVERY; round++) {
            second = sampler.sample(1.0 + round, null).get(1);
        }

        assertThat(first.eccCorrected()).isNull();
        assertThat(first.eccUncorrected()).isNull();
        assertThat(first.powerWatts()).isNull();
        assertThat(second.powerWatts()).isNull();
        assertThat(second.temperatureC()).isEqualTo(35.0);
        assertThat(fake.calls("ecc") - eccCalls).as("only GPU 0's two ECC queries").isEqualTo(2);
        assertThat(fake.calls("power") - powerCalls).as("only GPU 0's power queries")
                .isEqualTo(GpuSampler.SLOW_METRICS_EVERY);
        assertThat(sampler.unsupportedMetrics(1)).containsExactly("ecc_corrected", "ecc_uncorrected", "power_watts");
        assertThat(sampler.unsupportedMetrics()).as("GPU 0 reports them").isEmpty();
        assertThat(sampler.lastErrors(1)).isEmpty();
    }

    @Test
    void readsTheSlowPcieAndEccCountersOnEveryTenthSampleOnly() {
        open(FakeNvml.Variant.CURRENT);
        GpuSampler sampler = samplerOfAll();

        List<TelemetrySample> firsts = new java.util.ArrayList<>();
        for (int round = 0; round <= GpuSampler.SLOW_METRICS_EVERY; round++) {
            firsts.add(sampler.sample(round, null).get(0));
        }

        assertThat(firsts.get(0).pcieRxKbps()).isNotNull();
        assertThat(firsts.get(0).eccCorrected()).isNotNull();
        assertThat(firsts.subList(1, GpuSampler.SLOW_METRICS_EVERY)).allSatisfy(sample -> {
            assertThat(sample.pcieRxKbps()).isNull();
            assertThat(sample.eccCorrected()).isNull();
            assertThat(sample.utilizationPercent()).isNotNull();
        });
        assertThat(firsts.get(GpuSampler.SLOW_METRICS_EVERY).pcieTxKbps()).isNotNull();
    }

    @Test
    void metricsNoSelectedGpuSupportsAreTheRunsUnsupportedMetrics() {
        FakeNvml fake = open(FakeNvml.Variant.CURRENT);
        fake.fail("energy", 0, NvmlReturn.ERROR_NOT_SUPPORTED, -1);
        fake.fail("energy", 1, NvmlReturn.ERROR_NOT_SUPPORTED, -1);
        fake.fail("pcie", 1, NvmlReturn.ERROR_NOT_SUPPORTED, -1);
        GpuSampler sampler = samplerOfAll();

        sampler.sample(1.0, null);

        assertThat(sampler.unsupportedMetrics()).containsExactly("energy_mj");
        TelemetryStatus status = sampler.telemetryStatus();
        assertThat(status.available()).isTrue();
        assertThat(status.driverVersion()).isEqualTo("580.159.04");
        assertThat(status.unsupportedMetrics()).containsExactly("energy_mj");
    }

    @Test
    void aTransientFailureLeavesThatSampleWithoutTheValueOnly() {
        FakeNvml fake = open(FakeNvml.Variant.CURRENT);
        fake.fail("temperature", 0, NvmlReturn.ERROR_GPU_IS_LOST, 1);
        GpuSampler sampler = samplerOfAll();

        TelemetrySample first = sampler.sample(1.0, null).get(0);
        Map<String, String> errors = sampler.lastErrors(0);
        TelemetrySample second = sampler.sample(2.0, null).get(0);

        assertThat(first.temperatureC()).isNull();
        assertThat(errors).containsOnlyKeys("temperature_c");
        assertThat(errors.get("temperature_c"))
                .isEqualTo("nvmlDeviceGetTemperature failed: GPU is lost (NVML_ERROR_GPU_IS_LOST)");
        assertThat(second.temperatureC()).isEqualTo(63.0);
        assertThat(sampler.lastErrors(0)).isEmpty();
        assertThat(sampler.unsupportedMetrics(0)).isEmpty();
    }

    @Test
    void processMemoryIsTheTreesShareFoundWithTheTwoCallPattern() {
        FakeNvml fake = open(FakeNvml.Variant.CURRENT);
        int[] pids = IntStream.range(0, 20).map(i -> 1000 + i).toArray();
        long[] used = IntStream.range(0, 20).mapToLong(i -> (i + 1) * MIB).toArray();
        fake.processes(0, pids, used);
        GpuSampler sampler = samplerOfAll();
        Set<Long> tree = Set.of(1003L, 1007L, 5555L);

        List<TelemetrySample> first = sampler.sample(1.0, tree::contains);
        int callsForFirst = fake.calls("processes");
        sampler.sample(2.0, tree::contains);

        assertThat(first.get(0).processMemoryMb()).isEqualTo(4.0 + 8.0);
        assertThat(first.get(1).processMemoryMb()).as("no tree process on GPU 1").isEqualTo(0.0);
        assertThat(callsForFirst).as("GPU 0: too small, then fits; GPU 1: fits").isEqualTo(3);
        assertThat(fake.calls("processes") - callsForFirst).as("the grown buffer is kept").isEqualTo(2);
    }

    @Test
    void aProcessStartingBetweenTheTwoCallsIsRetried() throws NvmlException {
        FakeNvml fake = open(FakeNvml.Variant.CURRENT);
        fake.processes(0, IntStream.range(0, 16).toArray(), IntStream.range(0, 16).mapToLong(i -> MIB).toArray());
        fake.growOnce(0);
        NvmlDevice gpu0 = session.devices().get(0);

        ComputeProcesses processes = session.computeProcesses(gpu0);

        assertThat(processes.count()).isEqualTo(17);
        assertThat(processes.pid(16)).isEqualTo(424242L);
        assertThat(processes.usedGpuMemoryBytes(16)).isEqualTo(MIB);
        assertThat(processes.memoryMb(pid -> pid == 424242L || pid == 3)).isEqualTo(2.0);
    }

    @Test
    void processMemoryTheDriverCannotTellIsUnknownNotZero() {
        FakeNvml fake = open(FakeNvml.Variant.CURRENT);
        fake.processes(0, new int[] {10, 11}, new long[] {ComputeProcesses.NOT_AVAILABLE, 5 * MIB});
        GpuSampler sampler = samplerOfAll();

        assertThat(sampler.sample(1.0, pid -> pid == 10).get(0).processMemoryMb()).isNull();
        assertThat(sampler.sample(2.0, pid -> pid == 11).get(0).processMemoryMb()).isEqualTo(5.0);
    }

    @Test
    void pidsAboveTwoToThe31AreReadUnsigned() throws NvmlException {
        FakeNvml fake = open(FakeNvml.Variant.CURRENT);
        fake.processes(0, new int[] {0x8000_0001}, new long[] {MIB});

        ComputeProcesses processes = session.computeProcesses(session.devices().get(0));

        assertThat(processes.pid(0)).isEqualTo(0x8000_0001L);
    }

    @Test
    void olderDriversAreReadThroughTheirSymbols() {
        FakeNvml fake = open(FakeNvml.Variant.OLD_NAMES);
        fake.processes(0, new int[] {7}, new long[] {3 * MIB});

        TelemetrySample sample = samplerOfAll().sample(1.0, pid -> pid == 7).get(0);

        assertThat(session.symbols().symbol("nvmlDeviceGetCurrentClocksEventReasons"))
                .contains("nvmlDeviceGetCurrentClocksThrottleReasons");
        assertThat(session.nvmlVersion()).isNull();
        assertThat(sample.clockEventReasons()).containsExactly("sw_power_cap", "hw_thermal_slowdown");
        assertThat(sample.temperatureC()).as("through nvmlDeviceGetTemperatureV and its versioned struct")
                .isEqualTo(63.0);
        assertThat(sample.processMemoryMb()).isEqualTo(3.0);
    }

    @Test
    void withoutV3TheV2ProcessQueryIsUsed() {
        FakeNvml fake = open(FakeNvml.Variant.NO_V3);
        fake.processes(0, new int[] {7, 8}, new long[] {3 * MIB, 4 * MIB});

        assertThat(session.symbols().symbol("nvmlDeviceGetComputeRunningProcesses"))
                .contains("nvmlDeviceGetComputeRunningProcesses_v2");
        assertThat(samplerOfAll().sample(1.0, pid -> true).get(0).processMemoryMb()).isEqualTo(7.0);
    }

    @Test
    void samplesOnlyTheSelectedGpus() throws GpuSelectionException {
        open(FakeNvml.Variant.CURRENT);
        GpuSelection selection = GpuSelector.select(null, Map.of("CUDA_VISIBLE_DEVICES", "1"),
                session.inventory(), session::parentUuidOfMig);

        List<TelemetrySample> samples = new GpuSampler(session, selection.devices()).sample(1.0, null);

        assertThat(samples).extracting(TelemetrySample::uuid).containsExactly(L4_UUID);
    }

    @Test
    void aMigIdResolvesToItsGpuThroughTheDriver() throws GpuSelectionException {
        open(FakeNvml.Variant.CURRENT);

        assertThat(session.parentUuidOfMig("MIG-5d0c1b2a-aaaa-bbbb-cccc-ddddeeeeffff")).contains(L4_UUID);
        assertThat(session.parentUuidOfMig("MIG-00000000-0000-0000-0000-000000000000")).isEmpty();
        assertThat(GpuSelector.select("MIG-5d0c1b2a-aaaa-bbbb-cccc-ddddeeeeffff", Map.of(), session.inventory(),
                session::parentUuidOfMig).devices()).extracting(GpuDevice::index).containsExactly(1);
    }

    @Test
    void aGpuTheSessionDoesNotKnowCannotBeSampled() {
        open(FakeNvml.Variant.CURRENT);

        assertThatThrownBy(() -> new GpuSampler(session, List.of(new GpuDevice(5, "GPU-ffff", "x", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GPU-ffff");
    }

    @Test
    void noSelectedGpuMeansTelemetryIsUnavailable() {
        open(FakeNvml.Variant.CURRENT);

        TelemetryStatus status = new GpuSampler(session, List.of()).telemetryStatus();

        assertThat(status.available()).isFalse();
        assertThat(status.reason()).isEqualTo("no GPU selected");
    }

    @Test
    void closingShutsNvmlDownOnceAndLaterQueriesFailWithoutACall() {
        FakeNvml fake = open(FakeNvml.Variant.CURRENT);
        NvmlDevice gpu0 = session.devices().get(0);
        int initialised = fake.initCount();

        session.close();
        session.close();

        assertThat(fake.calls("shutdown")).isEqualTo(1);
        assertThat(fake.initCount()).isEqualTo(initialised - 1);
        int powerCalls = fake.calls("power");
        assertThatThrownBy(() -> session.powerMilliwatts(gpu0)).isInstanceOfSatisfying(NvmlException.class,
                e -> assertThat(e.returnCode()).isEqualTo(NvmlReturn.ERROR_UNINITIALIZED.code()));
        assertThat(fake.calls("power")).isEqualTo(powerCalls);
    }

    @Test
    void aGpuWhoseHandleFailsIsLeftOutWithAWarning() {
        FakeNvml fake = FakeNvml.of(FakeNvml.Variant.CURRENT);
        fake.fail("uuid", 1, NvmlReturn.ERROR_NO_PERMISSION, -1);
        session = fake.open();

        assertThat(session.inventory()).extracting(GpuDevice::index).containsExactly(0);
        assertThat(session.warnings()).singleElement().asString()
                .isEqualTo("GPU 1 skipped: nvmlDeviceGetUUID failed: Insufficient Permissions "
                        + "(NVML_ERROR_NO_PERMISSION)");
    }
}
