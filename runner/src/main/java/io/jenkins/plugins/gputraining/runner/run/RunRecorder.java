package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import io.jenkins.plugins.gputraining.model.progress.TelemetryStatus;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps a run directory up to date: appends records as they come and rewrites progress.json on transitions and on
 * each heartbeat. A failing disk is reported once per kind of write and never stops the training. Thread-safe.
 */
final class RunRecorder implements Closeable {
    private final RunWriter writer;
    private final Clock clock;
    private final PrintStream console;
    private final Set<String> reportedFailures = new HashSet<>();
    private ProgressSnapshot snapshot;
    private boolean dirty;
    private boolean finished;

    RunRecorder(final Path directory, final ProgressSnapshot first, final Clock clock, final PrintStream console)
            throws IOException {
        this.writer = RunWriter.open(directory);
        this.clock = clock;
        this.console = console;
        this.snapshot = first;
        writer.writeProgress(first);
    }

    static double seconds(final Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    double now() {
        return seconds(clock.instant());
    }

    synchronized ProgressSnapshot snapshot() {
        return snapshot;
    }

    synchronized void event(final LifecycleEvent event) {
        write("events.jsonl", () -> writer.appendEvent(event));
    }

    synchronized void metric(final MetricRecord record) {
        write("metrics.jsonl", () -> writer.appendMetric(record));
        snapshot = snapshot.toBuilder().latest(record).build();
        dirty = true;
    }

    /** Several records at once (one chunk of console output), in one write. */
    synchronized void metrics(final List<MetricRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        write("metrics.jsonl", () -> writer.appendMetrics(records));
        snapshot = snapshot.toBuilder().latest(records.get(records.size() - 1)).build();
        dirty = true;
    }

    synchronized void telemetry(final List<TelemetrySample> samples) {
        write("telemetry.jsonl", () -> {
            for (TelemetrySample sample : samples) {
                writer.appendTelemetry(sample);
            }
        });
    }

    synchronized void telemetryStatus(final TelemetryStatus status) {
        if (!status.equals(snapshot.telemetry())) {
            snapshot = snapshot.toBuilder().telemetry(status).build();
            dirty = true;
        }
    }

    synchronized void checkpoint(final Checkpoint checkpoint) {
        List<Checkpoint> checkpoints = new ArrayList<>(snapshot.checkpoints());
        checkpoints.add(checkpoint);
        snapshot = snapshot.toBuilder().checkpoints(checkpoints).build();
        event(LifecycleEvent.of(checkpoint.time(), LifecycleEvent.CHECKPOINT, "checkpoint " + checkpoint.name())
                .with("name", checkpoint.name()).with("path", checkpoint.path()).with("step", checkpoint.step())
                .with("size_bytes", checkpoint.sizeBytes()));
        writeProgress();
    }

    /** Records a pause or a resume: the event, then progress.json with the new status. */
    synchronized void transition(final RunStatus status, final LifecycleEvent event) {
        event(event);
        snapshot = snapshot.toBuilder().status(status).build();
        writeProgress();
    }

    /** Rewrites progress.json with a fresh {@code updated_at} (the heartbeat readers use to tell a live run). */
    synchronized void heartbeat() {
        if (finished) {
            return;
        }
        write("metrics.jsonl", writer::flush);
        writeProgress();
    }

    private void writeProgress() {
        snapshot = snapshot.toBuilder().updatedAt(clock.instant()).build();
        write("progress.json", () -> writer.writeProgress(snapshot));
        dirty = false;
    }

    synchronized boolean isDirty() {
        return dirty;
    }

    /** Records the end of the run; later calls change nothing. */
    synchronized void finish(final RunStatus status, final Integer exitCode, final String exitSignal,
                             final String error, final String requestId) {
        if (finished) {
            return;
        }
        Instant end = clock.instant();
        LifecycleEvent exited = LifecycleEvent.of(seconds(end), LifecycleEvent.EXITED, describe(status, exitCode,
                exitSignal)).with("status", status.jsonName()).with("exit_code", exitCode);
        if (requestId != null) {
            exited = exited.with("request_id", requestId);
        }
        if (exitSignal != null) {
            exited = exited.with("signal", exitSignal);
        }
        event(exited);
        if (error != null) {
            event(LifecycleEvent.of(seconds(end), LifecycleEvent.ERROR, error));
        }
        snapshot = snapshot.toBuilder().status(status).endedAt(end).exitCode(exitCode).exitSignal(exitSignal)
                .error(error).build();
        writeProgress();
        finished = true;
    }

    private static String describe(final RunStatus status, final Integer exitCode, final String exitSignal) {
        String how = exitSignal != null ? "killed by " + exitSignal
                : exitCode == null ? "never started" : "exit code " + exitCode;
        return "training " + status.jsonName() + " (" + how + ")";
    }

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    private void write(final String file, final Write write) {
        try {
            write.run();
        }
        catch (IOException | RuntimeException e) {
            if (reportedFailures.add(file)) {
                console.println("[gpu-training] WARNING: cannot write " + file + " (" + e.getMessage()
                        + "); training goes on, this file may be incomplete");
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
