package io.jenkins.plugins.gputraining.runner.nvml;

import io.jenkins.plugins.gputraining.runner.nvml.NvmlSession.Clock;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlSession.EccErrorType;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlSession.PcieCounter;
import io.jenkins.plugins.gputraining.model.progress.ClockEventReason;
import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import io.jenkins.plugins.gputraining.model.progress.TelemetryStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Samples the selected GPUs: one {@link TelemetrySample} per GPU per call, each metric from its own NVML query.
 * A metric the GPU does not support is left out of every sample and reported by {@link #unsupportedMetrics()}; a
 * query that fails otherwise leaves its fields out of that sample only ({@link #lastErrors(int)} says why).
 *
 * <p>Not thread-safe: sample from one thread. A call costs about one driver round trip per query and GPU (the two
 * PCIe queries about 20 ms each), so sample no more often than every second or so.
 */
public final class GpuSampler {
    @FunctionalInterface
    private interface Read<T> {
        T read(NvmlSession session, NvmlDevice device) throws NvmlException;
    }

    /** A sampled GPU and what it has shown so far. */
    private static final class Target {
        private final NvmlDevice device;
        private final MetricSupport support = new MetricSupport();
        private final Map<GpuQuery, String> errors = new EnumMap<>(GpuQuery.class);

        private Target(final NvmlDevice device) {
            this.device = device;
        }
    }

    /**
     * PCIe throughput and ECC counts are read on every this-many samples only: NVML measures PCIe over a ~20 ms
     * window per counter, which at 1 s sampling on 8 GPUs would cost a third of every second.
     */
    public static final int SLOW_METRICS_EVERY = 10;

    private final NvmlSession session;
    private final List<Target> targets = new ArrayList<>();
    private long round;

    /**
     * @param session an open NVML session
     * @param devices the GPUs to sample (e.g. {@link GpuSelection#devices()}), matched to the session's by UUID
     * @throws IllegalArgumentException for a GPU the session does not know
     */
    public GpuSampler(final NvmlSession session, final List<GpuDevice> devices) {
        this.session = session;
        for (GpuDevice gpu : devices) {
            NvmlDevice device = session.device(gpu.uuid()).orElseThrow(() -> new IllegalArgumentException(
                    "GPU " + gpu.uuid() + " is not among the GPUs NVML sees: " + session.inventory()));
            targets.add(new Target(device));
        }
    }

    /** The sampled GPUs. */
    public List<GpuDevice> devices() {
        return targets.stream().map(target -> target.device.toGpuDevice()).toList();
    }

    /** Samples now; see {@link #sample(double, LongPredicate)}. */
    public List<TelemetrySample> sample(final LongPredicate processTree) {
        return sample(System.currentTimeMillis() / 1000.0, processTree);
    }

    /**
     * One sample per GPU.
     *
     * @param time epoch seconds to stamp the samples with
     * @param processTree the PIDs of the training's process tree; {@code null} when there is none, which leaves
     *         {@code process_memory_mb} out without asking NVML
     */
    public List<TelemetrySample> sample(final double time, final LongPredicate processTree) {
        List<TelemetrySample> samples = new ArrayList<>(targets.size());
        boolean slow = round++ % SLOW_METRICS_EVERY == 0;
        for (Target target : targets) {
            samples.add(sample(target, time, processTree, slow));
        }
        return samples;
    }

    private TelemetrySample sample(final Target target, final double time, final LongPredicate processTree,
                                   final boolean slow) {
        target.errors.clear();
        NvmlDevice device = target.device;
        TelemetrySample.Builder sample = TelemetrySample.builder(time, device.index()).uuid(device.uuid());

        NvmlSession.Utilization utilization = read(target, GpuQuery.UTILIZATION, NvmlSession::utilization);
        if (utilization != null) {
            sample.utilizationPercent((double) utilization.gpuPercent())
                    .memoryUtilizationPercent((double) utilization.memoryPercent());
        }
        NvmlSession.MemoryInfo memory = read(target, GpuQuery.MEMORY, NvmlSession::memoryInfo);
        if (memory != null) {
            sample.memoryUsedMb(NvmlUnits.mebibytes(memory.usedBytes()))
                    .memoryTotalMb(NvmlUnits.mebibytes(memory.totalBytes()));
        }
        sample.temperatureC(asDouble(read(target, GpuQuery.TEMPERATURE, NvmlSession::temperatureC)));
        Long milliwatts = read(target, GpuQuery.POWER, NvmlSession::powerMilliwatts);
        sample.powerWatts(milliwatts == null ? null : NvmlUnits.watts(milliwatts));
        sample.energyMillijoules(read(target, GpuQuery.ENERGY, NvmlSession::energyMillijoules));
        sample.smClockMhz(asDouble(read(target, GpuQuery.SM_CLOCK, (s, d) -> s.clockMhz(d, Clock.SM))));
        sample.memoryClockMhz(asDouble(read(target, GpuQuery.MEMORY_CLOCK, (s, d) -> s.clockMhz(d, Clock.MEMORY))));
        Long reasons = read(target, GpuQuery.CLOCK_EVENT_REASONS, NvmlSession::clockEventReasons);
        sample.clockEventReasons(reasons == null ? null : ClockEventReason.namesOf(reasons));
        if (slow) {
            sample.pcieRxKbps(asDouble(read(target, GpuQuery.PCIE_RX,
                    (s, d) -> s.pcieThroughputKbps(d, PcieCounter.RX_BYTES))));
            sample.pcieTxKbps(asDouble(read(target, GpuQuery.PCIE_TX,
                    (s, d) -> s.pcieThroughputKbps(d, PcieCounter.TX_BYTES))));
            sample.eccCorrected(read(target, GpuQuery.ECC_CORRECTED,
                    (s, d) -> s.totalEccErrors(d, EccErrorType.CORRECTED)));
            sample.eccUncorrected(read(target, GpuQuery.ECC_UNCORRECTED,
                    (s, d) -> s.totalEccErrors(d, EccErrorType.UNCORRECTED)));
        }
        if (processTree != null) {
            ComputeProcesses processes = read(target, GpuQuery.PROCESS_MEMORY, NvmlSession::computeProcesses);
            sample.processMemoryMb(processes == null ? null : processes.memoryMb(processTree));
        }
        return sample.build();
    }

    private <T> T read(final Target target, final GpuQuery query, final Read<T> read) {
        if (!target.support.shouldQuery(query)) {
            return null;
        }
        try {
            T value = read.read(session, target.device);
            target.support.answered(query);
            return value;
        }
        catch (NvmlException e) {
            if (!target.support.failed(query, e.returnCode())) {
                target.errors.put(query, e.getMessage());
            }
            return null;
        }
    }

    private static Double asDouble(final Long value) {
        return value == null ? null : value.doubleValue();
    }

    /**
     * The telemetry fields no sampled GPU supports, sorted: what progress.json lists as unsupported, since they
     * are absent from every sample. Empty before the first sample.
     */
    public List<String> unsupportedMetrics() {
        if (targets.isEmpty()) {
            return List.of();
        }
        Set<GpuQuery> common = EnumSet.allOf(GpuQuery.class);
        for (Target target : targets) {
            common.retainAll(target.support.unsupported());
        }
        return MetricSupport.fieldsOf(common);
    }

    /** The telemetry fields one GPU (by NVML index) does not support, sorted. */
    public List<String> unsupportedMetrics(final int gpuIndex) {
        return target(gpuIndex).support.unsupportedFields();
    }

    /** Field → why it is missing from this GPU's latest sample, for fields that failed transiently. */
    public Map<String, String> lastErrors(final int gpuIndex) {
        Map<String, String> errors = new LinkedHashMap<>();
        target(gpuIndex).errors.forEach((query, message) -> query.fields().forEach(f -> errors.put(f, message)));
        return errors;
    }

    private Target target(final int gpuIndex) {
        return targets.stream().filter(target -> target.device.index() == gpuIndex).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("GPU " + gpuIndex + " is not sampled"));
    }

    /**
     * The run's telemetry status: available with the driver version and the unsupported metrics, or unavailable
     * when no GPU is sampled.
     */
    public TelemetryStatus telemetryStatus() {
        if (targets.isEmpty()) {
            return TelemetryStatus.unavailable("no GPU selected");
        }
        return TelemetryStatus.available(session.driverVersion(), unsupportedMetrics());
    }
}
