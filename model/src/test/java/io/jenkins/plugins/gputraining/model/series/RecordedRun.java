package io.jenkins.plugins.gputraining.model.series;

import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Writes a real run directory through {@link RunWriter}, with times given as seconds after the run's start so the
 * tests read as timelines.
 */
final class RecordedRun {
    private final RunWriter writer;
    private final double start;
    private ProgressSnapshot snapshot;

    private RecordedRun(final Path directory, final String runId, final double start) {
        this.start = start;
        try {
            writer = RunWriter.open(directory);
            snapshot = ProgressSnapshot.start(runId, "name of " + runId, instant(start)).build();
            writer.writeProgress(snapshot);
            writer.appendEvent(LifecycleEvent.of(start, LifecycleEvent.STARTED, null));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run that started at the given epoch seconds. */
    static RecordedRun startedAt(final Path directory, final String runId, final double epochSeconds) {
        return new RecordedRun(directory, runId, epochSeconds);
    }

    RecordedRun loss(final double at, final long step, final double loss) {
        return metric(MetricRecord.of(start + at, step, loss));
    }

    RecordedRun metric(final double at, final Long step, final Double loss, final Double learningRate,
                       final Double samplesPerSecond) {
        return metric(new MetricRecord(start + at, step, null, loss, learningRate, samplesPerSecond, null, Map.of()));
    }

    RecordedRun metric(final MetricRecord record) {
        try {
            writer.appendMetric(record);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RecordedRun gpu(final double at, final int gpu, final Double utilization, final Double memoryMb,
                    final Double temperature, final Double power) {
        try {
            writer.appendTelemetry(TelemetrySample.builder(start + at, gpu).uuid("GPU-" + gpu)
                    .utilizationPercent(utilization).memoryUsedMb(memoryMb).temperatureC(temperature)
                    .powerWatts(power).build());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RecordedRun paused(final double at) {
        return event(at, LifecycleEvent.PAUSED);
    }

    RecordedRun resumed(final double at) {
        return event(at, LifecycleEvent.RESUMED);
    }

    private RecordedRun event(final double at, final String name) {
        try {
            writer.appendEvent(LifecycleEvent.of(start + at, name, null));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Marks the run completed at the given offset and closes the writer. */
    RunDirectory completed(final double at) {
        snapshot = snapshot.toBuilder().status(RunStatus.COMPLETED).endedAt(instant(start + at)).exitCode(0).build();
        return close();
    }

    /** Leaves the run as it stands (running or paused, no end) and closes the writer. */
    RunDirectory stillRunning() {
        return close();
    }

    private RunDirectory close() {
        try {
            writer.writeProgress(snapshot);
            writer.close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RunDirectory.at(writer.directory());
    }

    private static Instant instant(final double epochSeconds) {
        long seconds = (long) Math.floor(epochSeconds);
        return Instant.ofEpochSecond(seconds, Math.round((epochSeconds - seconds) * 1e9));
    }
}
