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
 * analysed in constant memory; malformed lines are reported in each {@link ReadResult}, never thrown.
 */
public final class RunDirectory {
    private static final JsonLinesReader<MetricRecord> METRICS = new JsonLinesReader<>(MetricRecord::parse);
    private static final JsonLinesReader<TelemetrySample> TELEMETRY = new JsonLinesReader<>(TelemetrySample::parse);
    private static final JsonLinesReader<LifecycleEvent> EVENTS = new JsonLinesReader<>(LifecycleEvent::parse);

    private final Path path;

    private RunDirectory(final Path path) {
        this.path = path;
    }

    /** A run directory at the given path; nothing is read until asked. */
    public static RunDirectory at(final Path path) {
        return new RunDirectory(Objects.requireNonNull(path, "path"));
    }

    /** Whether the path holds a progress.json, the mark of a run directory. */
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
     * @throws ProgressException when it is missing, not valid JSON, or lacks required fields
     * @throws UnsupportedFormatException when it was written in a newer major format
     */
    public ProgressSnapshot readProgress() {
        Path file = file(ProgressFormat.PROGRESS_FILE);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        }
        catch (NoSuchFileException e) {
            throw new ProgressException("not a run directory: " + path + " has no " + ProgressFormat.PROGRESS_FILE, e);
        }
        catch (IOException e) {
            throw new ProgressException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return ProgressSnapshotCodec.read(content, file.toString());
    }

    /** Streams metrics.jsonl to the consumer, in file order. */
    public ReadResult readMetrics(final Consumer<? super MetricRecord> consumer) {
        return read(METRICS, ProgressFormat.METRICS_FILE, consumer);
    }

    /** Streams telemetry.jsonl to the consumer, in file order. */
    public ReadResult readTelemetry(final Consumer<? super TelemetrySample> consumer) {
        return read(TELEMETRY, ProgressFormat.TELEMETRY_FILE, consumer);
    }

    /** Streams events.jsonl to the consumer, in file order. */
    public ReadResult readEvents(final Consumer<? super LifecycleEvent> consumer) {
        return read(EVENTS, ProgressFormat.EVENTS_FILE, consumer);
    }

    /** All lifecycle events; the file stays small (a handful of lines per transition). */
    public List<LifecycleEvent> events() {
        List<LifecycleEvent> events = new ArrayList<>();
        readEvents(events::add);
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

    private <T> ReadResult read(final JsonLinesReader<T> reader, final String name, final Consumer<? super T> consumer) {
        try {
            return reader.read(file(name), consumer);
        }
        catch (IOException e) {
            throw new ProgressException("cannot read " + file(name) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
