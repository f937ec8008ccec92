package io.jenkins.plugins.gputraining.model.progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Read access to a run directory (format v1). The {@code .jsonl} files are streamed, so a run of any length can be
 * analysed in constant memory; malformed lines are reported in each {@link ReadResult}, never thrown. Every read is
 * bounded: only regular files are read (a FIFO or a device is an error, not a wait or an endless stream), each up to
 * the length it had when opened, with the limits of docs/progress-format.md.
 */
public final class RunDirectory {
    private static final JsonLinesReader<MetricRecord> METRICS = new JsonLinesReader<>(MetricRecord::parse);
    private static final JsonLinesReader<TelemetrySample> TELEMETRY = new JsonLinesReader<>(TelemetrySample::parse);
    private static final JsonLinesReader<LifecycleEvent> EVENTS = new JsonLinesReader<>(LifecycleEvent::parse);

    /** A larger progress.json is refused: it is a snapshot of a few kilobytes (docs/progress-format.md, "Limits"). */
    public static final int MAX_PROGRESS_BYTES = 4 << 20;
    /** Events beyond this many are read and counted but not kept. */
    public static final int MAX_EVENTS = 100_000;

    private final Path path;

    private RunDirectory(final Path path) {
        this.path = path;
    }

    /** A run directory at the given path; nothing is read until asked. */
    public static RunDirectory at(final Path path) {
        return new RunDirectory(Objects.requireNonNull(path, "path"));
    }

    /** Whether the path holds a progress.json (a regular file, or a link to one), the mark of a run directory. */
    public static boolean isRunDirectory(final Path path) {
        return Files.isRegularFile(path.resolve(ProgressFormat.PROGRESS_FILE));
    }

    /**
     * The run directories directly under a root (each child holding a progress.json), sorted by name.
     *
     * @throws ProgressException when the root cannot be listed
     */
    public static List<RunDirectory> list(final Path root) {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(RunDirectory::isRunDirectory).sorted().map(RunDirectory::at).toList();
        }
        catch (NoSuchFileException e) {
            throw new ProgressException("no such directory: " + root, e);
        }
        catch (IOException e) {
            throw new ProgressException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    public Path file(final String name) {
        return path.resolve(name);
    }

    /**
     * Reads progress.json.
     *
     * @throws ProgressException when it is missing, not a regular file, larger than {@link #MAX_PROGRESS_BYTES}, not
     *         valid JSON, or lacks required fields
     * @throws UnsupportedFormatException when it was written in a newer major format
     */
    public ProgressSnapshot readProgress() {
        return readProgressChecked().snapshot();
    }

    /**
     * Reads progress.json, with the values in it that were malformed and read as unknown.
     *
     * @throws ProgressException as {@link #readProgress()}
     */
    public ProgressRead readProgressChecked() {
        Path file = file(ProgressFormat.PROGRESS_FILE);
        return ProgressSnapshotCodec.readChecked(progressBytes(), file.toString());
    }

    /**
     * Parses progress.json's bytes as {@link #progressBytes()} read them, with {@link #readProgress()}'s checks and
     * messages: for a reader that keeps the bytes too, so that they and the snapshot are one version of the file.
     *
     * @throws ProgressException as {@link #readProgress()}
     */
    public ProgressSnapshot parseProgress(final byte[] content) {
        return ProgressSnapshotCodec.readChecked(content, file(ProgressFormat.PROGRESS_FILE).toString()).snapshot();
    }

    /**
     * The bytes of progress.json as stored, at most {@link #MAX_PROGRESS_BYTES}.
     *
     * @throws ProgressException when it is missing, not a regular file or too large
     */
    public byte[] progressBytes() {
        Path file = file(ProgressFormat.PROGRESS_FILE);
        try {
            long size = RegularFiles.size(file, ProgressFormat.PROGRESS_FILE);
            if (size < 0) {
                throw new ProgressException("not a run directory: " + path + " has no " + ProgressFormat.PROGRESS_FILE);
            }
            if (size > MAX_PROGRESS_BYTES) {
                throw new ProgressException(file + " is " + size + " bytes, more than the " + MAX_PROGRESS_BYTES
                        + " a progress.json may have");
            }
            return RegularFiles.readAtMost(file, MAX_PROGRESS_BYTES, ProgressFormat.PROGRESS_FILE);
        }
        catch (NoSuchFileException e) {
            throw new ProgressException("not a run directory: " + path + " has no " + ProgressFormat.PROGRESS_FILE, e);
        }
        catch (IOException e) {
            throw new ProgressException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Streams metrics.jsonl to the consumer, in file order. */
    public ReadResult readMetrics(final Consumer<? super MetricRecord> consumer) {
        return read(METRICS, ProgressFormat.METRICS_FILE, 0, 0, consumer);
    }

    /** Streams telemetry.jsonl to the consumer, in file order. */
    public ReadResult readTelemetry(final Consumer<? super TelemetrySample> consumer) {
        return read(TELEMETRY, ProgressFormat.TELEMETRY_FILE, 0, 0, consumer);
    }

    /** Streams events.jsonl to the consumer, in file order. */
    public ReadResult readEvents(final Consumer<? super LifecycleEvent> consumer) {
        return read(EVENTS, ProgressFormat.EVENTS_FILE, 0, 0, consumer);
    }

    /**
     * Streams the lines metrics.jsonl gained since an earlier read ended: from {@code previous.endOffset()}, with
     * line numbers going on from {@code previous.lines()}. The result counts this read only.
     *
     * @throws ProgressException also when the file is now shorter than {@code previous.endOffset()} (it was
     *         truncated or replaced: read it again from the start)
     */
    public ReadResult readMetricsAfter(final ReadResult previous, final Consumer<? super MetricRecord> consumer) {
        return read(METRICS, ProgressFormat.METRICS_FILE, previous.endOffset(), previous.lines(), consumer);
    }

    /** As {@link #readMetricsAfter}, for telemetry.jsonl. */
    public ReadResult readTelemetryAfter(final ReadResult previous, final Consumer<? super TelemetrySample> consumer) {
        return read(TELEMETRY, ProgressFormat.TELEMETRY_FILE, previous.endOffset(), previous.lines(), consumer);
    }

    /** As {@link #readMetricsAfter}, for events.jsonl. */
    public ReadResult readEventsAfter(final ReadResult previous, final Consumer<? super LifecycleEvent> consumer) {
        return read(EVENTS, ProgressFormat.EVENTS_FILE, previous.endOffset(), previous.lines(), consumer);
    }

    /**
     * The lifecycle events, at most {@link #MAX_EVENTS} (the file stays small: a handful of lines per transition;
     * one that holds more is damaged, and the rest are left out).
     */
    public List<LifecycleEvent> events() {
        List<LifecycleEvent> events = new ArrayList<>();
        readEvents(event -> {
            if (events.size() < MAX_EVENTS) {
                events.add(event);
            }
        });
        return events;
    }

    /** Reads metrics.jsonl from an open stream (for example an archived artifact), reporting as a file would. */
    public static ReadResult readMetrics(final InputStream in, final Consumer<? super MetricRecord> consumer) {
        try {
            return METRICS.read(in, ProgressFormat.METRICS_FILE, consumer);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ProgressFormat.METRICS_FILE, e);
        }
    }

    private <T> ReadResult read(final JsonLinesReader<T> reader, final String name, final long fromOffset,
                                final long linesBefore, final Consumer<? super T> consumer) {
        Path file = file(name);
        try {
            if (RegularFiles.size(file, name) < 0) {
                return ReadResult.missing(name);
            }
            return reader.read(file, fromOffset, linesBefore, consumer);
        }
        catch (IOException e) {
            throw new ProgressException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
