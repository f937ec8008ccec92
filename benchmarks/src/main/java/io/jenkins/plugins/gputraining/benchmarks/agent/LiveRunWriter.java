package io.jenkins.plugins.gputraining.benchmarks.agent;

import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import io.jenkins.plugins.gputraining.model.progress.TelemetryStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A live run for {@code bench serve}'s stream measurement, in a JVM of its own (so that the service's JVM does only
 * the service's work): writes a running run directory as the agent's {@code run} does, at a training's pace —
 * metric lines, one telemetry sample per GPU per interval, progress.json replaced at each heartbeat — until its
 * standard input closes. Prints {@code READY} once progress.json exists.
 *
 * <pre>java -cp … LiveRunWriter DIR METRICS_PER_SECOND GPUS SAMPLE_SECONDS HEARTBEAT_SECONDS</pre>
 */
public final class LiveRunWriter {
    private LiveRunWriter() {
    }

    public static void main(final String... args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: LiveRunWriter DIR METRICS_PER_SECOND GPUS SAMPLE_SECONDS HEARTBEAT_SECONDS");
            System.exit(2);
        }
        Path directory = Path.of(args[0]);
        double metricsPerSecond = Double.parseDouble(args[1]);
        int gpus = Integer.parseInt(args[2]);
        double sampleSeconds = Double.parseDouble(args[3]);
        double heartbeatSeconds = Double.parseDouble(args[4]);
        Thread stopper = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // until the parent closes it (or dies)
                }
            }
            catch (IOException e) {
                // the same
            }
            System.exit(0);
        }, "live-run-stop");
        stopper.setDaemon(true);
        stopper.start();
        write(directory, metricsPerSecond, gpus, sampleSeconds, heartbeatSeconds);
    }

    private static void write(final Path directory, final double metricsPerSecond, final int gpus,
                              final double sampleSeconds, final double heartbeatSeconds) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        String id = directory.getFileName().toString();
        Instant started = Instant.now();
        double start = started.toEpochMilli() / 1000.0;
        List<GpuDevice> devices = new ArrayList<>();
        for (int g = 0; g < gpus; g++) {
            devices.add(new GpuDevice(g, ServeData.uuid(999_999, g), "NVIDIA H100 80GB HBM3", 81_559.0));
        }
        ProgressSnapshot snapshot = ProgressSnapshot.start(id, "live run for bench serve", started)
                .status(RunStatus.RUNNING)
                .command(List.of("python3", "train.py"))
                .updatedAt(started)
                .gpus(devices)
                .telemetry(TelemetryStatus.available("550.90.07", List.of()))
                .build();
        try (RunWriter writer = RunWriter.open(directory)) {
            writer.appendEvent(LifecycleEvent.of(start, LifecycleEvent.STARTED, "started python3 train.py"));
            writer.writeProgress(snapshot);
            System.out.println("READY");
            System.out.flush();
            long origin = System.nanoTime();
            long metricPeriod = Math.round(1e9 / metricsPerSecond);
            long samplePeriod = Math.round(sampleSeconds * 1e9);
            long heartbeatPeriod = Math.round(heartbeatSeconds * 1e9);
            long nextMetric = origin + metricPeriod;
            long nextSample = origin + samplePeriod;
            long nextHeartbeat = origin + heartbeatPeriod;
            long step = 0;
            double loss = 2.5;
            while (true) {
                long next = Math.min(nextMetric, Math.min(nextSample, nextHeartbeat));
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                double now = start + (next - origin) / 1e9;
                if (next == nextMetric) {
                    step++;
                    loss = 0.2 + (loss - 0.2) * 0.999 + (random.nextDouble() - 0.5) * 0.01;
                    MetricRecord record = new MetricRecord(now, step, step / 10_000.0, loss, 3e-4,
                            400 + random.nextDouble() * 40, step * 64L, Map.of());
                    writer.appendMetric(record);
                    snapshot = snapshot.toBuilder().latest(record).build();
                    nextMetric += metricPeriod;
                }
                else if (next == nextSample) {
                    for (int g = 0; g < gpus; g++) {
                        writer.appendTelemetry(ServeData.sample(random, now, g, ServeData.uuid(999_999, g),
                                (long) ((now - start) * 600_000)));
                    }
                    nextSample += samplePeriod;
                }
                else {
                    writer.flush();
                    snapshot = snapshot.toBuilder().updatedAt(Instant.ofEpochMilli(Math.round(now * 1000))).build();
                    writer.writeProgress(snapshot);
                    nextHeartbeat += heartbeatPeriod;
                }
                if (System.nanoTime() - next > TimeUnit.SECONDS.toNanos(5)) {
                    // Fell far behind (a stalled disk): skip ahead rather than burst.
                    long now2 = System.nanoTime();
                    nextMetric = Math.max(nextMetric, now2);
                    nextSample = Math.max(nextSample, now2);
                    nextHeartbeat = Math.max(nextHeartbeat, now2);
                }
            }
        }
    }
}
