package io.jenkins.plugins.gputraining.benchmarks.agent;

import com.fasterxml.jackson.databind.node.DoubleNode;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import io.jenkins.plugins.gputraining.model.progress.TelemetryStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The runs directory {@code bench serve} serves: N finished runs written through the model's {@link RunWriter}, as
 * the agent writes them. Each has ~200 metric lines (falling loss, throughput, learning rate), ~100 telemetry
 * samples over one to four GPUs, lifecycle events with a checkpoint or two, and a completed progress.json. A marker
 * file names what was generated, so later runs reuse the directory (generating 1,000 runs takes a while on a slow
 * disk: progress.json and events are fsynced).
 */
final class ServeData {
    /** The marker of a complete data set; its content says what was generated. */
    static final String MARKER = ".bench-serve-complete";
    /** Bump when the generated runs change, so old data sets are regenerated. */
    private static final int VERSION = 1;
    static final int METRIC_LINES = 200;
    static final int TELEMETRY_SAMPLES = 100;
    private static final double START = 1_767_225_600.0; // 2026-01-01T00:00:00Z

    private ServeData() {
    }

    /** The default place of a data set of {@code runs} runs, shared by later runs of the benchmark. */
    static Path defaultDirectory(final int runs) {
        return Path.of(System.getProperty("java.io.tmpdir"), "gpu-training-bench", "serve-" + runs);
    }

    /** The job id of run {@code i}. */
    static String id(final int i) {
        return String.format(Locale.ROOT, "run-%05d", i);
    }

    /** The job ids of a data set of {@code runs} runs. */
    static List<String> ids(final int runs) {
        return IntStream.range(0, runs).mapToObj(ServeData::id).toList();
    }

    /**
     * Makes sure {@code root} holds the data set, generating it unless a previous run left it complete.
     *
     * @return whether it was generated now (false: reused)
     * @throws IOException when root holds something else (not empty, no marker), or writing fails
     */
    static boolean ensure(final Path root, final int runs) throws IOException {
        String expected = marker(runs);
        Path marker = root.resolve(MARKER);
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(expected)) {
            return false;
        }
        if (Files.isDirectory(root) && !Files.isRegularFile(marker)) {
            try (Stream<Path> children = Files.list(root)) {
                if (children.findAny().isPresent()) {
                    throw new IOException(root + " is not empty and is no data set of bench serve (no " + MARKER
                            + "); name an empty or new directory");
                }
            }
        }
        OutputBench.deleteTree(root);
        Files.createDirectories(root);
        try {
            IntStream.range(0, runs).parallel().forEach(i -> {
                try {
                    write(root, i);
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.writeString(root.resolve(MARKER), expected);
        return true;
    }

    private static String marker(final int runs) {
        return "version=" + VERSION + " runs=" + runs + " metrics=" + METRIC_LINES + " telemetry=" + TELEMETRY_SAMPLES
                + "\n";
    }

    /** Writes run {@code i}: one finished training of a few minutes, started an hour after run i-1. */
    static void write(final Path root, final int i) throws IOException {
        SplittableRandom random = new SplittableRandom(0x5EED_0000L + i);
        String id = id(i);
        int gpus = new int[] {1, 1, 2, 4}[i % 4];
        int samplesPerGpu = TELEMETRY_SAMPLES / gpus;
        double start = START + i * 3600.0;
        double stepSeconds = 0.5 + random.nextDouble();               // 0.5 to 1.5 s an optimizer step
        double seconds = METRIC_LINES * stepSeconds;
        double sampleSeconds = seconds / samplesPerGpu;
        double throughput = 200 + random.nextDouble() * 300;           // samples/s
        double learningRate = new double[] {1e-4, 3e-4, 1e-3}[random.nextInt(3)];
        List<GpuDevice> devices = new ArrayList<>();
        for (int g = 0; g < gpus; g++) {
            devices.add(new GpuDevice(g, uuid(i, g), "NVIDIA H100 80GB HBM3", 81_559.0));
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (RunWriter writer = RunWriter.open(root.resolve(id))) {
            writer.appendEvent(LifecycleEvent.of(start, LifecycleEvent.STARTED, "started python3 train.py"));
            double loss = 2.0 + random.nextDouble();
            double floor = 0.1 + random.nextDouble() * 0.3;
            for (int step = 1; step <= METRIC_LINES; step++) {
                double time = start + step * stepSeconds;
                loss = floor + (loss - floor) * (0.975 + random.nextDouble() * 0.01)
                        + (random.nextDouble() - 0.5) * 0.02;
                double rate = throughput * (0.95 + random.nextDouble() * 0.1);
                double lr = learningRate * Math.min(1.0, step / 20.0);
                Map<String, com.fasterxml.jackson.databind.JsonNode> extra = step % 50 == 0
                        ? Map.of("eval_loss", DoubleNode.valueOf(loss * 1.05), "grad_norm",
                        DoubleNode.valueOf(0.5 + random.nextDouble()))
                        : Map.of("grad_norm", DoubleNode.valueOf(0.5 + random.nextDouble()));
                writer.appendMetric(new MetricRecord(time, (long) step, step / (double) METRIC_LINES * 3, loss, lr,
                        rate, step * 64L, extra));
                if (step % 100 == 0) {
                    Checkpoint checkpoint = new Checkpoint("checkpoint-" + step, "checkpoints/checkpoint-" + step,
                            (long) step, time, 1_400_000_000L, loss);
                    checkpoints.add(checkpoint);
                    writer.appendEvent(LifecycleEvent.of(time, LifecycleEvent.CHECKPOINT, "checkpoint "
                            + checkpoint.name()).with("name", checkpoint.name()).with("path", checkpoint.path())
                            .with("step", checkpoint.step()).with("size_bytes", checkpoint.sizeBytes()));
                }
            }
            for (int s = 0; s < samplesPerGpu; s++) {
                for (int g = 0; g < gpus; g++) {
                    writer.appendTelemetry(sample(random, start + s * sampleSeconds, g, uuid(i, g),
                            (long) (s * sampleSeconds * 600_000)));
                }
            }
            double end = start + seconds + 2;
            writer.appendEvent(LifecycleEvent.of(end, LifecycleEvent.EXITED, "exited with 0")
                    .with("status", "completed").with("exit_code", 0));
            writer.writeProgress(ProgressSnapshot.start(id, "lr " + learningRate + " #" + i, instant(start))
                    .status(RunStatus.COMPLETED)
                    .command(List.of("python3", "train.py", "--lr", Double.toString(learningRate)))
                    .endedAt(instant(end))
                    .updatedAt(instant(end))
                    .exitCode(0)
                    .gpus(devices)
                    .telemetry(TelemetryStatus.available("550.90.07", List.of()))
                    .latest(new MetricRecord(start + seconds, (long) METRIC_LINES, 3.0, loss, learningRate,
                            throughput, METRIC_LINES * 64L, Map.of()))
                    .checkpoints(checkpoints)
                    .build());
        }
    }

    /** A GPU sample as the agent's sampler writes one, for a busy training. */
    static TelemetrySample sample(final SplittableRandom random, final double time, final int gpu, final String uuid,
                                  final long energyMillijoules) {
        return TelemetrySample.builder(time, gpu).uuid(uuid)
                .utilizationPercent(85.0 + random.nextInt(16)).memoryUtilizationPercent(35.0 + random.nextInt(10))
                .memoryUsedMb(60_000.0 + random.nextInt(4000)).memoryTotalMb(81_559.0)
                .temperatureC(55.0 + random.nextInt(15)).powerWatts(450.0 + random.nextInt(200))
                .energyMillijoules(energyMillijoules).smClockMhz(1980.0).memoryClockMhz(2619.0)
                .clockEventReasons(List.of()).pcieRxKbps(1000.0 + random.nextInt(500))
                .pcieTxKbps(500.0 + random.nextInt(500)).eccCorrected(0L).eccUncorrected(0L)
                .processMemoryMb(59_000.0).build();
    }

    static String uuid(final int run, final int gpu) {
        return String.format(Locale.ROOT, "GPU-%08x-0000-4000-8000-%012x", run, gpu);
    }

    static Instant instant(final double epochSeconds) {
        return Instant.ofEpochMilli(Math.round(epochSeconds * 1000));
    }
}
