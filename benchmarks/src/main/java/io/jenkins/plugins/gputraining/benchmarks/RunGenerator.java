package io.jenkins.plugins.gputraining.benchmarks;

import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import io.jenkins.plugins.gputraining.model.progress.TelemetryStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Writes realistic synthetic run directories through the production writer. */
final class RunGenerator {
    private static final double START = 1_767_225_600.0;

    private RunGenerator() {
    }

    /**
     * Writes one completed run.
     *
     * @param metricLines lines of metrics.jsonl (one per optimizer step, every 0.1 s)
     * @param telemetrySamples lines of telemetry.jsonl (one GPU, every second)
     */
    static Path write(final Path dir, final String id, final int metricLines, final int telemetrySamples,
                      final long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        double seconds = Math.max(metricLines * 0.1, telemetrySamples);
        try (RunWriter writer = RunWriter.open(dir.resolve(id))) {
            writer.appendEvent(LifecycleEvent.of(START, LifecycleEvent.STARTED, "started"));
            double loss = 2.5 + random.nextDouble();
            for (int step = 1; step <= metricLines; step++) {
                loss = Math.max(0.05, loss * (0.99995 + random.nextDouble() * 0.00004));
                writer.appendMetric(new MetricRecord(START + step * 0.1, (long) step, step / 5000.0, loss,
                        3e-4, 300 + random.nextDouble() * 40, step * 32L, Map.of()));
            }
            for (int i = 0; i < telemetrySamples; i++) {
                writer.appendTelemetry(TelemetrySample.builder(START + i, 0).uuid("GPU-bench")
                        .utilizationPercent(90.0 + random.nextInt(11)).memoryUtilizationPercent(40.0)
                        .memoryUsedMb(60_000.0 + random.nextInt(2000)).memoryTotalMb(143_771.0)
                        .temperatureC(60.0 + random.nextInt(10)).powerWatts(550.0 + random.nextInt(100))
                        .energyMillijoules(1_000_000L + i * 600_000L).smClockMhz(1980.0).memoryClockMhz(2619.0)
                        .clockEventReasons(List.of()).pcieRxKbps(1000.0).pcieTxKbps(500.0).eccCorrected(0L)
                        .eccUncorrected(0L).processMemoryMb(59_000.0).build());
            }
            writer.appendEvent(LifecycleEvent.of(START + seconds, LifecycleEvent.EXITED, "exited").with("exit_code", 0));
            writer.writeProgress(ProgressSnapshot.start(id, "bench " + id, instant(START))
                    .status(RunStatus.COMPLETED)
                    .endedAt(instant(START + seconds))
                    .updatedAt(instant(START + seconds))
                    .exitCode(0)
                    .command(List.of("python3", "train.py"))
                    .gpus(List.of(new GpuDevice(0, "GPU-bench", "NVIDIA H200", 143_771.0)))
                    .telemetry(TelemetryStatus.available("580.159.04", List.of()))
                    .build());
        }
        return dir.resolve(id);
    }

    /** Writes one run directory per call of {@code writer}, unless a previous benchmark run left them complete. */
    @FunctionalInterface
    interface DataSet {
        void write(Path root) throws IOException;
    }

    /**
     * A generated data set under {@code java.io.tmpdir/gpu-training-bench/NAME}, reused by every fork and later runs
     * (generating 10,000 run directories takes minutes); delete the folder to regenerate.
     */
    static Path dataSet(final String name, final DataSet writer) throws IOException {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "gpu-training-bench", name);
        Path complete = root.resolve(".complete");
        if (Files.exists(complete)) {
            return root;
        }
        delete(root);
        Files.createDirectories(root);
        System.out.println("generating benchmark data in " + root + " …");
        writer.write(root);
        Files.createFile(complete);
        return root;
    }

    private static void delete(final Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Instant instant(final double epochSeconds) {
        return Instant.ofEpochMilli(Math.round(epochSeconds * 1000));
    }
}
