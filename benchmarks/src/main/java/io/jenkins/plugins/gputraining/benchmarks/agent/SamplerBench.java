package io.jenkins.plugins.gputraining.benchmarks.agent;

import io.jenkins.plugins.gputraining.runner.nvml.ComputeProcesses;
import io.jenkins.plugins.gputraining.runner.nvml.GpuQuery;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSampler;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSelection;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSelectionException;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSelector;
import io.jenkins.plugins.gputraining.runner.nvml.Nvml;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlDevice;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlException;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlOpenResult;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlSession;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlSession.Clock;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlSession.EccErrorType;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlSession.PcieCounter;
import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.LongPredicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench sampler}: the cost of one {@link GpuSampler#sample} against the raw NVML calls it makes. Both are
 * timed in the same rounds, alternating which goes first, so drift (clocks, other load) hits both alike. The raw
 * calls are exactly the queries the sampler makes for each selected GPU after the warm-up (it stops asking what a
 * GPU does not support), called directly on {@link NvmlSession}, answers and failures discarded.
 */
@Command(name = "sampler", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times GpuSampler.sample against the raw NVML calls one sample makes (target: ≤ 1.2×).",
                "Exit codes: 0 measured, 2 bad option, 3 no GPU telemetry here."})
public final class SamplerBench implements Callable<Integer> {
    static final double TARGET_RATIO = 1.2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000",
            description = "Measured rounds (default: ${DEFAULT-VALUE}); each times the sampler and the raw calls.")
    private int samples;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up rounds (default: a tenth of --samples, at least 20).")
    private Integer warmup;

    @Option(names = "--nvml-library", paramLabel = "PATH", description = "NVML library to load instead of libnvidia-ml.so.1.")
    private String nvmlLibrary;

    @Option(names = "--gpus", paramLabel = "LIST",
            description = "GPUs to sample, as for run (default: CUDA_VISIBLE_DEVICES, then NVIDIA_VISIBLE_DEVICES, then all).")
    private String gpus;

    @Option(names = "--breakdown-rounds", paramLabel = "N", defaultValue = "100",
            description = "Rounds for the cost of each NVML query alone (default: ${DEFAULT-VALUE}; 0: no breakdown).")
    private int breakdownRounds;

    /** One GPU as the sampler sees it, and the queries it makes there. */
    private record Target(NvmlDevice device, Set<GpuQuery> queries) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (samples < 1 || breakdownRounds < 0 || warmup != null && warmup < 0) {
            err.println("--samples must be positive, --warmup and --breakdown-rounds not negative");
            err.flush();
            return 2;
        }
        NvmlOpenResult opened = nvmlLibrary == null ? Nvml.open() : Nvml.open(List.of(nvmlLibrary));
        if (opened instanceof NvmlOpenResult.Unavailable unavailable) {
            err.println("bench sampler needs an NVIDIA driver: " + unavailable.reason()
                    + ". Run it on a GPU machine (or give --nvml-library PATH).");
            err.flush();
            return 3;
        }
        try (NvmlSession session = ((NvmlOpenResult.Available) opened).session()) {
            GpuSelection selection;
            try {
                selection = GpuSelector.select(gpus, System.getenv(), session.inventory(), session::parentUuidOfMig);
            }
            catch (GpuSelectionException e) {
                err.println(e.getMessage());
                err.flush();
                return 2;
            }
            if (selection.devices().isEmpty()) {
                err.println("bench sampler: NVML (driver " + session.driverVersion() + ") sees no GPU to sample");
                err.flush();
                return 3;
            }
            out.print(measure(session, selection.devices()));
            out.flush();
            return 0;
        }
    }

    private String measure(final NvmlSession session, final List<GpuDevice> devices) {
        GpuSampler sampler = new GpuSampler(session, devices);
        // The run samples with its process tree, which adds the process query: give it this process.
        Set<Long> tree = new HashSet<>(List.of(ProcessHandle.current().pid()));
        LongPredicate processTree = tree::contains;
        int warmupRounds = warmup != null ? warmup : Math.max(20, samples / 10);
        for (int i = 0; i < warmupRounds; i++) {
            sampler.sample(i, processTree);
        }
        List<Target> targets = new ArrayList<>();
        for (GpuDevice gpu : sampler.devices()) {
            Set<GpuQuery> queries = EnumSet.allOf(GpuQuery.class);
            List<String> unsupported = sampler.unsupportedMetrics(gpu.index());
            queries.removeIf(query -> unsupported.containsAll(query.fields()));
            targets.add(new Target(session.device(gpu.uuid()).orElseThrow(), queries));
        }
        for (int i = 0; i < warmupRounds; i++) {
            raw(session, targets, true);
            raw(session, targets, false);
        }

        // The sampler reads the slow queries (PCIe, ECC) on every SLOW_METRICS_EVERY-th call only: the baseline
        // makes the same calls as the sampler in each round, counting its calls from the warm-up's.
        long[] rawSame = new long[samples];
        long[] rawAll = new long[samples];
        long[] sampled = new long[samples];
        for (int i = 0; i < samples; i++) {
            boolean slowRound = (warmupRounds + i) % GpuSampler.SLOW_METRICS_EVERY == 0;
            // Rotate the order so neither measurement always runs right after the other.
            switch (i % 3) {
                case 0 -> {
                    rawSame[i] = timeRaw(session, targets, slowRound);
                    sampled[i] = timeSampler(sampler, i, processTree);
                    rawAll[i] = timeRaw(session, targets, true);
                }
                case 1 -> {
                    sampled[i] = timeSampler(sampler, i, processTree);
                    rawAll[i] = timeRaw(session, targets, true);
                    rawSame[i] = timeRaw(session, targets, slowRound);
                }
                default -> {
                    rawAll[i] = timeRaw(session, targets, true);
                    rawSame[i] = timeRaw(session, targets, slowRound);
                    sampled[i] = timeSampler(sampler, i, processTree);
                }
            }
        }
        Stats raw = Stats.of(rawSame);
        Stats sample = Stats.of(sampled);
        Stats every = Stats.of(rawAll);
        double ratio = sample.mean() / raw.mean();
        double ratioP50 = sample.p50() / raw.p50();
        // Each round timed both back to back: the median of the per-round ratios shrugs off the rare round a
        // context switch or GC pause lands in, which the means do not.
        double[] paired = new double[samples];
        for (int i = 0; i < samples; i++) {
            paired[i] = (double) sampled[i] / Math.max(1, rawSame[i]);
        }
        double pairedMedian = Stats.median(paired);
        boolean pcieQueried = targets.stream().anyMatch(t -> t.queries().contains(GpuQuery.PCIE_RX)
                || t.queries().contains(GpuQuery.PCIE_TX));

        StringBuilder names = new StringBuilder();
        for (Target target : targets) {
            names.append(names.length() == 0 ? "" : ", ").append(target.device().index()).append(": ")
                    .append(target.device().name());
        }
        int queries = targets.stream().mapToInt(t -> t.queries().size()).sum();
        Table table = new Table(Table.format("bench sampler: %d GPU(s) [%s], driver %s, %s%n"
                        + "%d measured rounds after %d warm-up; per sample of all selected GPUs; "
                        + "%d NVML queries per sample", targets.size(), names, session.driverVersion(),
                session.library(), samples, warmupRounds, queries))
                .header("measurement", "mean", "p50", "p99")
                .row("raw NVML calls the sampler makes (baseline)", Table.duration(raw.mean()),
                        Table.duration(raw.p50()), Table.duration(raw.p99()))
                .row("GpuSampler.sample", Table.duration(sample.mean()), Table.duration(sample.p50()),
                        Table.duration(sample.p99()))
                .row("raw NVML calls, every query every round", Table.duration(every.mean()),
                        Table.duration(every.p50()), Table.duration(every.p99()))
                .row("sampler overhead (sampler − raw, mean)", Table.duration(sample.mean() - raw.mean()), "", "")
                .row("ratio sampler / raw", Table.ratio(ratio), Table.ratio(ratioP50), "")
                .row("ratio, median of the per-round ratios", Table.ratio(pairedMedian), "", "")
                .note(Table.format("result: ratio %.3f× (median of per-round ratios; of the means %.3f×), "
                        + "target ≤ %.1f×: %s", pairedMedian, ratio, TARGET_RATIO,
                        Table.verdict(pairedMedian <= TARGET_RATIO)))
                .note(Table.format("note: GpuSampler reads PCIe throughput and ECC counts on one sample in %d only, "
                        + "and the baseline makes the same calls in the same rounds; %s",
                        GpuSampler.SLOW_METRICS_EVERY, pcieQueried
                                ? "on real GPUs each PCIe query samples a ~20 ms window, so those rounds dominate the mean"
                                : "the PCIe throughput queries are unsupported here"));
        StringBuilder text = new StringBuilder(table.toString());
        if (breakdownRounds > 0) {
            text.append('\n').append(breakdown(session, targets));
        }
        if (lastSink == Long.MIN_VALUE) {
            text.append(' '); // keeps the answers alive
        }
        return text.toString();
    }

    /** What the measured calls answered, summed, so that the JIT cannot drop them. */
    private long lastSink;

    private long timeSampler(final GpuSampler sampler, final int round, final LongPredicate processTree) {
        long start = System.nanoTime();
        List<TelemetrySample> result = sampler.sample(round, processTree);
        long elapsed = System.nanoTime() - start;
        lastSink += result.size();
        return elapsed;
    }

    private long timeRaw(final NvmlSession session, final List<Target> targets, final boolean withSlow) {
        long start = System.nanoTime();
        long answer = raw(session, targets, withSlow);
        long elapsed = System.nanoTime() - start;
        lastSink += answer;
        return elapsed;
    }

    /** The calls one sample makes, straight on the session. */
    private static long raw(final NvmlSession session, final List<Target> targets, final boolean withSlow) {
        long sink = 0;
        for (Target target : targets) {
            for (GpuQuery query : target.queries()) {
                if (!withSlow && isSlow(query)) {
                    continue;
                }
                sink += call(session, target.device(), query);
            }
        }
        return sink;
    }

    /** The queries GpuSampler makes on every SLOW_METRICS_EVERY-th sample only. */
    private static boolean isSlow(final GpuQuery query) {
        return switch (query) {
            case PCIE_RX, PCIE_TX, ECC_CORRECTED, ECC_UNCORRECTED -> true;
            default -> false;
        };
    }

    private static long call(final NvmlSession session, final NvmlDevice device, final GpuQuery query) {
        try {
            return switch (query) {
                case UTILIZATION -> session.utilization(device).gpuPercent();
                case MEMORY -> session.memoryInfo(device).usedBytes();
                case TEMPERATURE -> session.temperatureC(device);
                case POWER -> session.powerMilliwatts(device);
                case ENERGY -> session.energyMillijoules(device);
                case SM_CLOCK -> session.clockMhz(device, Clock.SM);
                case MEMORY_CLOCK -> session.clockMhz(device, Clock.MEMORY);
                case CLOCK_EVENT_REASONS -> session.clockEventReasons(device);
                case PCIE_RX -> session.pcieThroughputKbps(device, PcieCounter.RX_BYTES);
                case PCIE_TX -> session.pcieThroughputKbps(device, PcieCounter.TX_BYTES);
                case ECC_CORRECTED -> session.totalEccErrors(device, EccErrorType.CORRECTED);
                case ECC_UNCORRECTED -> session.totalEccErrors(device, EccErrorType.UNCORRECTED);
                case PROCESS_MEMORY -> {
                    ComputeProcesses processes = session.computeProcesses(device);
                    yield processes.count();
                }
            };
        }
        catch (NvmlException e) {
            return e.returnCode();
        }
    }

    /** Each query alone: where a sample's time goes. */
    private String breakdown(final NvmlSession session, final List<Target> targets) {
        Map<GpuQuery, List<Long>> times = new EnumMap<>(GpuQuery.class);
        for (int round = 0; round < breakdownRounds; round++) {
            for (Target target : targets) {
                for (GpuQuery query : target.queries()) {
                    long start = System.nanoTime();
                    lastSink += call(session, target.device(), query);
                    long elapsed = System.nanoTime() - start;
                    times.computeIfAbsent(query, q -> new ArrayList<>()).add(elapsed);
                }
            }
        }
        Table table = new Table(Table.format("each NVML query alone (%d rounds; per GPU and call)",
                breakdownRounds)).header("query", "mean", "p50", "p99");
        times.forEach((query, series) -> {
            Stats stats = Stats.of(series.stream().mapToLong(Long::longValue).toArray());
            table.row(query.name().toLowerCase(Locale.ROOT), Table.duration(stats.mean()),
                    Table.duration(stats.p50()), Table.duration(stats.p99()));
        });
        return table.toString();
    }
}
