package io.jenkins.plugins.gputraining.model.progress;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a run directory crash-safely: progress.json is replaced atomically (temp file, fsync, rename), so a reader
 * always finds a whole snapshot; the {@code .jsonl} files get whole lines appended. Thread-safe.
 */
public final class RunWriter implements Closeable {
    private final Path directory;
    private final JsonLinesAppender metrics;
    private final JsonLinesAppender telemetry;
    private final JsonLinesAppender events;
    private final Object progressLock = new Object();

    private RunWriter(final Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
        metrics = new JsonLinesAppender(directory.resolve(ProgressFormat.METRICS_FILE));
        telemetry = new JsonLinesAppender(directory.resolve(ProgressFormat.TELEMETRY_FILE));
        events = new JsonLinesAppender(directory.resolve(ProgressFormat.EVENTS_FILE));
    }

    /** Opens (creating if needed) a run directory for writing; existing records are kept and appended to. */
    public static RunWriter open(final Path directory) throws IOException {
        return new RunWriter(directory);
    }

    public Path directory() {
        return directory;
    }

    /** Replaces progress.json atomically. */
    public void writeProgress(final ProgressSnapshot snapshot) throws IOException {
        synchronized (progressLock) {
            writeProgress(directory, snapshot);
        }
    }

    /**
     * Replaces a directory's progress.json atomically (temporary file, fsync, rename), without opening the
     * {@code .jsonl} files: for the first snapshot of a run directory being made. A failed write (a full disk)
     * leaves the old progress.json, and no temporary file, behind.
     */
    public static void writeProgress(final Path directory, final ProgressSnapshot snapshot) throws IOException {
        byte[] content = ProgressSnapshotCodec.write(snapshot);
        Path target = directory.resolve(ProgressFormat.PROGRESS_FILE);
        Path temp = directory.resolve("." + ProgressFormat.PROGRESS_FILE + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            }
            catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    public void appendMetric(final MetricRecord record) throws IOException {
        metrics.append(record, MetricRecord::write);
    }

    /**
     * Appends records in one {@code write} of whole lines: for a training that logs many lines at once (a chunk of
     * console output), one system call instead of one per record.
     */
    public void appendMetrics(final List<MetricRecord> records) throws IOException {
        metrics.appendAll(records, MetricRecord::write);
    }

    public void appendTelemetry(final TelemetrySample sample) throws IOException {
        telemetry.append(sample, TelemetrySample::write);
    }

    /** Appends a lifecycle event and forces it to disk: transitions are rare and must survive a crash. */
    public void appendEvent(final LifecycleEvent event) throws IOException {
        events.append(event, LifecycleEvent::write);
        events.force();
    }

    /** Forces appended metrics and telemetry to disk (the agent calls this periodically, not per line). */
    public void flush() throws IOException {
        metrics.force();
        telemetry.force();
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (JsonLinesAppender appender : new JsonLinesAppender[] {metrics, telemetry, events}) {
            try {
                appender.close();
            }
            catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
                else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
