package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.index.RunIndexFile;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps a run directory up to date: appends records as they come and rewrites progress.json on transitions and on
 * each heartbeat. A failing disk is reported once per kind of write and never stops the training; the end of the run
 * is written with the space a {@link DiskReserve} set aside, and retried (docs/agent.md, "Full disk"). Thread-safe.
 */
final class RunRecorder implements Closeable {
    /** How long the end of a run is retried on a full disk before the agent gives up (and says so). */
    static final Duration FINAL_RETRIES = Duration.ofSeconds(30);
    private static final long RETRY_MILLIS = 1000;

    private final RunWriter writer;
    private final Clock clock;
    private final PrintStream console;
    private final Set<String> reportedFailures = new HashSet<>();
    private DiskReserve reserve;
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

    /** The space set aside for the end of the run. */
    synchronized void reserve(final DiskReserve value) {
        reserve = value;
    }

    static double seconds(final Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    static Instant instant(final double epochSeconds) {
        long seconds = (long) Math.floor(epochSeconds);
        return Instant.ofEpochSecond(seconds, Math.round((epochSeconds - seconds) * 1e9));
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

    /**
     * Records the end of the run: the {@code exited} event (and an {@code error} one for a failure), then
     * progress.json. On a full disk the reserve is given back and the writes retried for a while; later calls change
     * nothing.
     *
     * @return whether progress.json records the end
     */
    boolean finish(final RunStatus status, final Integer exitCode, final String exitSignal,
                   final String error, final String requestId) {
        return finish(status, exitCode, exitSignal, error, requestId, clock.instant());
    }

    /** {@link #finish(RunStatus, Integer, String, String, String)} at a given end (an interrupted run's last sign). */
    synchronized boolean finish(final RunStatus status, final Integer exitCode, final String exitSignal,
                                final String error, final String requestId, final Instant end) {
        if (finished) {
            return true;
        }
        LifecycleEvent exited = LifecycleEvent.of(seconds(end), LifecycleEvent.EXITED, describe(status, exitCode,
                exitSignal)).with("status", status.jsonName()).with("exit_code", exitCode);
        if (requestId != null) {
            exited = exited.with("request_id", requestId);
        }
        if (exitSignal != null) {
            exited = exited.with("signal", exitSignal);
        }
        snapshot = snapshot.toBuilder().status(status).endedAt(end).exitCode(exitCode).exitSignal(exitSignal)
                .error(error).build();
        finished = true;
        LifecycleEvent last = exited;
        boolean eventWritten = false;
        boolean errorWritten = error == null;
        boolean progressWritten = false;
        long deadline = System.nanoTime() + FINAL_RETRIES.toNanos();
        boolean released = false;
        while (true) {
            eventWritten = eventWritten || quietly(() -> writer.appendEvent(last));
            errorWritten = errorWritten || quietly(() -> writer.appendEvent(LifecycleEvent.of(seconds(end),
                    LifecycleEvent.ERROR, error)));
            if (eventWritten) {
                snapshot = snapshot.toBuilder().updatedAt(clock.instant()).build();
                progressWritten = quietly(() -> writer.writeProgress(snapshot));
            }
            if (eventWritten && errorWritten && progressWritten) {
                return true;
            }
            if (!released && reserve != null && reserve.release()) {
                released = true;
                console.println("[gpu-training] WARNING: cannot record the end of the run (" + lastFailure
                        + "); using the disk space set aside for it");
                continue;
            }
            if (System.nanoTime() >= deadline) {
                console.println("[gpu-training] ERROR: cannot record the end of the run in " + writer.directory()
                        + " (" + lastFailure + "): " + (eventWritten
                        ? "events.jsonl has it, progress.json does not (readers go by the events)"
                        : "readers will report the run interrupted"));
                return false;
            }
            if (released || reserve == null) {
                console.println("[gpu-training] WARNING: cannot record the end of the run (" + lastFailure
                        + "); retrying for " + FINAL_RETRIES.toSeconds() + " s: free some space on the disk");
                released = true; // say it once
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private String lastFailure;

    private boolean quietly(final Write write) {
        try {
            write.run();
            return true;
        }
        catch (IOException | RuntimeException e) {
            lastFailure = e.getMessage() == null ? e.toString() : e.getMessage();
            return false;
        }
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

    private boolean write(final String file, final Write write) {
        try {
            write.run();
            return true;
        }
        catch (IOException | RuntimeException e) {
            if (reportedFailures.add(file)) {
                console.println("[gpu-training] WARNING: cannot write " + file + " in " + writer.directory() + " ("
                        + e.getMessage() + "); training goes on, this file may be incomplete");
            }
            return false;
        }
    }

    /** Closes the files; a failure (a full disk refusing the last flush) is reported, not thrown. */
    @Override
    public synchronized void close() {
        try {
            writer.close();
        }
        catch (IOException e) {
            console.println("[gpu-training] WARNING: cannot close the files of " + writer.directory() + " ("
                    + e.getMessage() + "); the last records may be missing");
            return;
        }
        if (finished) {
            // The derived run index (docs/progress-format.md): pages of a finished run never read its records again.
            RunIndexFile.writeFor(RunDirectory.at(writer.directory()));
        }
    }
}
