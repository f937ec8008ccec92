package io.jenkins.plugins.gputraining.model;

import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import io.jenkins.plugins.gputraining.model.progress.TelemetryStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Writes real run directories for tests through the production {@link RunWriter}. Times are seconds after
 * {@link #T0}.
 */
public final class RunFixture {
    /** The start of every fixture run: 2026-01-01T00:00:00Z. */
    public static final double T0 = 1_767_225_600.0;

    private final Path directory;
    private final String runId;
    private RunStatus status = RunStatus.COMPLETED;
    private Double end;
    private Integer exitCode = 0;
    private TelemetryStatus telemetry = TelemetryStatus.available("580.159.04", List.of());
    private final List<GpuDevice> gpus = new ArrayList<>(List.of(new GpuDevice(0, "GPU-0", "NVIDIA H200", 143771.0)));
    private final List<MetricRecord> metrics = new ArrayList<>();
    private final List<TelemetrySample> samples = new ArrayList<>();
    private final List<LifecycleEvent> events = new ArrayList<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();

    private RunFixture(final Path root, final String runId) {
        this.directory = root.resolve(runId);
        this.runId = runId;
    }

    public static RunFixture run(final Path root, final String runId) {
        return new RunFixture(root, runId);
    }

    public static Instant at(final double offset) {
        return Instant.ofEpochMilli(Math.round((T0 + offset) * 1000));
    }

    public RunFixture status(final RunStatus value, final Integer code) {
        status = value;
        exitCode = code;
        return this;
    }

    public RunFixture endedAt(final double offset) {
        end = offset;
        return this;
    }

    public RunFixture withoutGpu(final String reason) {
        telemetry = TelemetryStatus.unavailable(reason);
        gpus.clear();
        return this;
    }

    public RunFixture metric(final double offset, final Long step, final Double loss, final Double samplesPerSecond,
                             final Long samples) {
        metrics.add(new MetricRecord(T0 + offset, step, null, loss, null, samplesPerSecond, samples, Map.of()));
        return this;
    }

    public RunFixture loss(final double offset, final long step, final double loss) {
        return metric(offset, step, loss, null, null);
    }

    /** A GPU sample with utilisation, memory, temperature and power; adjust the rest with {@code more}. */
    public RunFixture gpu(final double offset, final int gpu, final double utilization, final double memoryUsedMb,
                          final double temperature, final double power,
                          final UnaryOperator<TelemetrySample.Builder> more) {
        samples.add(more.apply(TelemetrySample.builder(T0 + offset, gpu).uuid("GPU-" + gpu)
                .utilizationPercent(utilization).memoryUsedMb(memoryUsedMb).memoryTotalMb(1000.0)
                .temperatureC(temperature).powerWatts(power)).build());
        return this;
    }

    public RunFixture gpu(final double offset, final double utilization, final double memoryUsedMb,
                          final double temperature, final double power) {
        return gpu(offset, 0, utilization, memoryUsedMb, temperature, power, UnaryOperator.identity());
    }

    public RunFixture event(final double offset, final String event) {
        events.add(LifecycleEvent.of(T0 + offset, event, null));
        return this;
    }

    /** A metric record as given; its time is absolute (use {@link #T0} + offset). */
    public RunFixture record(final MetricRecord record) {
        metrics.add(record);
        return this;
    }

    /** A lifecycle event as given, details included; its time is absolute. */
    public RunFixture event(final LifecycleEvent event) {
        events.add(event);
        return this;
    }

    public RunFixture checkpoint(final double offset, final String name, final long step) {
        checkpoints.add(new Checkpoint(name, "out/" + name, step, T0 + offset, 1024L, null));
        events.add(LifecycleEvent.of(T0 + offset, LifecycleEvent.CHECKPOINT, null).with("name", name));
        return this;
    }

    public ProgressSnapshot snapshot() {
        MetricRecord latest = metrics.isEmpty() ? null : metrics.get(metrics.size() - 1);
        return ProgressSnapshot.start(runId, "run " + runId, at(0))
                .status(status)
                .command(List.of("python3", "train.py"))
                .workingDirectory("/work")
                .endedAt(status.isFinished() && end != null ? at(end) : null)
                .updatedAt(end == null ? at(0) : at(end))
                .exitCode(status.isFinished() ? exitCode : null)
                .gpus(gpus)
                .telemetry(telemetry)
                .latest(latest)
                .checkpoints(checkpoints)
                .build();
    }

    /** Writes the run directory and returns it. */
    public RunDirectory write() {
        try (RunWriter writer = RunWriter.open(directory)) {
            writer.appendEvent(LifecycleEvent.of(T0, LifecycleEvent.STARTED, "started"));
            for (LifecycleEvent event : events) {
                writer.appendEvent(event);
            }
            for (MetricRecord metric : metrics) {
                writer.appendMetric(metric);
            }
            for (TelemetrySample sample : samples) {
                writer.appendTelemetry(sample);
            }
            writer.writeProgress(snapshot());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RunDirectory.at(directory);
    }
}
