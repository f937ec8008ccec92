package io.jenkins.plugins.gputraining.agent.server;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a real run directory with the model's {@link RunWriter}: a training of {@code steps} logged steps whose
 * loss falls geometrically, optional GPU telemetry, checkpoints and output.
 */
final class TestRun {
    private final Path directory;
    private final String id;
    private String name;
    private RunStatus status = RunStatus.COMPLETED;
    private Instant startedAt = Instant.parse("2026-01-01T00:00:00Z");
    private int steps = 10;
    private double initialLoss = 2.0;
    private double lossFactor = 0.8;
    private double samplesPerSecond = 100;
    private int gpus;
    private String workingDirectory;
    private final List<Checkpoint> checkpoints = new ArrayList<>();

    private TestRun(final Path root, final String id) {
        this.directory = root.resolve(id);
        this.id = id;
        this.name = "run " + id;
    }

    static TestRun in(final Path root, final String id) {
        return new TestRun(root, id);
    }

    TestRun name(final String value) {
        name = value;
        return this;
    }

    TestRun status(final RunStatus value) {
        status = value;
        return this;
    }

    TestRun startedAt(final Instant value) {
        startedAt = value;
        return this;
    }

    TestRun steps(final int value) {
        steps = value;
        return this;
    }

    TestRun loss(final double initial, final double factor) {
        initialLoss = initial;
        lossFactor = factor;
        return this;
    }

    TestRun samplesPerSecond(final double value) {
        samplesPerSecond = value;
        return this;
    }

    TestRun gpus(final int value) {
        gpus = value;
        return this;
    }

    TestRun workingDirectory(final Path value) {
        workingDirectory = value.toString();
        return this;
    }

    TestRun checkpoint(final String checkpointName, final String path, final long step) {
        checkpoints.add(new Checkpoint(checkpointName, path, step, seconds(startedAt) + step, null, null));
        return this;
    }

    Path directory() {
        return directory;
    }

    /** Time of step {@code i}: one second a step. */
    double timeOf(final int step) {
        return seconds(startedAt) + step;
    }

    Path write() throws IOException {
        try (RunWriter writer = RunWriter.open(directory)) {
            writer.appendEvent(LifecycleEvent.of(seconds(startedAt), LifecycleEvent.STARTED, "training started"));
            double loss = initialLoss;
            MetricRecord latest = null;
            for (int step = 1; step <= steps; step++) {
                latest = new MetricRecord(timeOf(step), (long) step, step / (double) steps, loss, 1e-3,
                        samplesPerSecond, (long) step * 32, Map.of());
                writer.appendMetric(latest);
                for (int gpu = 0; gpu < gpus; gpu++) {
                    writer.appendTelemetry(TelemetrySample.builder(timeOf(step), gpu)
                            .utilizationPercent(90.0 + gpu).memoryUsedMb(1000.0 * (gpu + 1)).memoryTotalMb(80_000.0)
                            .temperatureC(60.0).powerWatts(300.0).build());
                }
                loss *= lossFactor;
            }
            boolean finished = status.isFinished();
            if (finished) {
                writer.appendEvent(LifecycleEvent.of(timeOf(steps) + 1, LifecycleEvent.EXITED, "exited")
                        .with("exit_code", status == RunStatus.COMPLETED ? 0 : 1));
            }
            List<GpuDevice> devices = new ArrayList<>();
            for (int gpu = 0; gpu < gpus; gpu++) {
                devices.add(new GpuDevice(gpu, "GPU-" + gpu, "Test GPU", 80_000.0));
            }
            Instant end = startedAt.plusSeconds(steps + 1);
            writer.writeProgress(ProgressSnapshot.start(id, name, startedAt)
                    .status(status)
                    .command(List.of("python3", "train.py"))
                    .workingDirectory(workingDirectory != null ? workingDirectory : directory.toString())
                    .endedAt(finished ? end : null)
                    .updatedAt(end)
                    .exitCode(finished ? (status == RunStatus.COMPLETED ? 0 : 1) : null)
                    .gpus(devices)
                    .telemetry(gpus > 0 ? TelemetryStatus.available("580.0", List.of())
                            : TelemetryStatus.unavailable("no NVIDIA driver"))
                    .latest(latest)
                    .checkpoints(checkpoints)
                    .build());
        }
        Files.writeString(directory.resolve("output.log"), "training " + id + "\nstep 1 loss " + initialLoss + "\n");
        return directory;
    }

    static double seconds(final Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}
