package io.jenkins.plugins.gputraining.model.index;

import io.jenkins.plugins.gputraining.model.analytics.AlertThresholds;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.analytics.RunSummary;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.series.GpuMetric;
import io.jenkins.plugins.gputraining.model.series.Series;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The stored form of a finished run's {@link RunIndex}: {@value #NAME} in the run directory (docs/progress-format.md,
 * "Run index"). It is derived and safe to delete: readers trust it only while its version, the alert thresholds and
 * every source file it covers (progress.json and the three {@code .jsonl} files: length, and modification time or
 * fingerprint, {@link SourceStamp}) still match, and build it again otherwise. Binary: a header (magic, version,
 * thresholds, sources, the run's summary) that a multi-run summary reads alone, then the analytics as JSON and the
 * series as arrays of doubles. Written to a temporary file and renamed over the old one, so a reader sees a whole
 * file or none.
 */
public final class RunIndexFile {
    /** The file name in the run directory. */
    public static final String NAME = "run-index.bin";
    /**
     * The format version; a file of another version is rebuilt. Raise it when the analytics are computed differently;
     * a change of their shape (a field added to {@link RunAnalytics}) is caught by {@link #SHAPE} without it.
     */
    public static final int VERSION = 1;
    /** The fields of the stored analytics and summary, so that an index written before they changed is rebuilt. */
    static final String SHAPE = shape(RunAnalytics.class) + "|" + shape(RunSummary.class);
    /** A larger file is not read (the index of a run with 1,024 GPUs stays well below). */
    static final long MAX_BYTES = 256L << 20;
    private static final byte[] MAGIC = "gpu-training/run-index\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_STRING_BYTES = 16 << 20;

    private RunIndexFile() {
    }

    /**
     * Stores a final index next to its run. Failing to (a read-only archive, a full disk) is not an error: the
     * index is derived and is built again when next needed.
     *
     * @return whether it was stored
     */
    public static boolean write(final RunDirectory run, final RunIndex index, final AlertThresholds thresholds) {
        if (!index.isFinal()) {
            throw new IllegalArgumentException("only the index of a finished run is stored: " + index);
        }
        Path target = run.file(NAME);
        Path temp = run.file("." + NAME + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (OutputStream file = Files.newOutputStream(temp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
                write(out, index, thresholds);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        }
        catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            }
            catch (IOException ignored) {
                // Nothing more to do: a stray temporary file is harmless.
            }
            return false;
        }
    }

    /**
     * Builds the index of a finished run in one pass over its files and stores it next to it, with the default
     * analyzer: what the runner does when a run ends. A run that has not finished, or cannot be read, gets none.
     *
     * @return whether an index was stored
     */
    public static boolean writeFor(final RunDirectory run) {
        RunAnalyzer analyzer = new RunAnalyzer();
        try {
            RunIndex index = new RunIndexBuilder(run, analyzer).refresh();
            return index.isFinal() && write(run, index, analyzer.thresholds());
        }
        catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The index of a run read once: the stored one while it is valid, else built in one pass over the run's files (and
     * stored, when asked and the run has finished). For readers without a {@link RunIndexCache}, such as the pages of
     * an archived run that keep what they load.
     *
     * @throws io.jenkins.plugins.gputraining.model.progress.ProgressException when the run cannot be read
     */
    public static RunIndex readOrBuild(final RunDirectory run, final RunAnalyzer analyzer, final boolean store) {
        RunIndex stored = read(run, analyzer.thresholds()).orElse(null);
        if (stored != null) {
            return stored;
        }
        RunIndex built = new RunIndexBuilder(run, analyzer).refresh();
        if (store && built.isFinal()) {
            write(run, built, analyzer.thresholds());
        }
        return built;
    }

    private static void write(final DataOutputStream out, final RunIndex index, final AlertThresholds thresholds)
            throws IOException {
        out.write(MAGIC);
        out.writeInt(VERSION);
        writeString(out, SHAPE);
        writeString(out, thresholds.toString());
        out.writeInt(index.coverage().size());
        for (SourceStamp stamp : index.coverage()) {
            writeString(out, stamp.name());
            out.writeLong(stamp.length());
            out.writeLong(stamp.modifiedNanos());
            out.writeLong(stamp.headHash());
            out.writeLong(stamp.tailHash());
        }
        writeBytes(out, AnalyticsJson.mapper().writeValueAsBytes(index.summary()));
        writeBytes(out, AnalyticsJson.mapper().writeValueAsBytes(index.analytics()));
        writeString(out, index.runId());
        out.writeBoolean(index.name() != null);
        if (index.name() != null) {
            writeString(out, index.name());
        }
        out.writeInt(index.trainingSeries().size());
        for (Map.Entry<String, Series> series : new TreeMap<>(index.trainingSeries()).entrySet()) {
            writeString(out, series.getKey());
            writeSeries(out, series.getValue());
        }
        out.writeInt(index.gpuSeries().size());
        for (Map.Entry<Integer, Map<GpuMetric, Series>> gpu : index.gpuSeries().entrySet()) {
            out.writeInt(gpu.getKey());
            out.writeInt(gpu.getValue().size());
            for (Map.Entry<GpuMetric, Series> series : gpu.getValue().entrySet()) {
                writeString(out, series.getKey().jsonName());
                writeSeries(out, series.getValue());
            }
        }
        out.write(MAGIC);
    }

    /**
     * The stored index of a run, when there is one that still covers the run's files as they are and was built with
     * these thresholds by this version.
     */
    public static Optional<RunIndex> read(final RunDirectory run, final AlertThresholds thresholds) {
        return open(run, thresholds, true).map(Header::index);
    }

    /** Only the run's summary from a valid stored index: its header, without the analytics and series. */
    public static Optional<RunSummary> readSummary(final RunDirectory run, final AlertThresholds thresholds) {
        return open(run, thresholds, false).map(Header::summary);
    }

    /** The header of a valid stored index: the summary and what it covers. */
    static Optional<Header> readHeader(final RunDirectory run, final AlertThresholds thresholds) {
        return open(run, thresholds, false);
    }

    /** What the header of a stored index holds (and the whole index, when it was read). */
    record Header(RunSummary summary, List<SourceStamp> coverage, RunIndex index) {
    }

    private static Optional<Header> open(final RunDirectory run, final AlertThresholds thresholds,
                                         final boolean whole) {
        Path file = run.file(NAME);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile() || attributes.size() > MAX_BYTES) {
                return Optional.empty();
            }
            try (InputStream stream = Files.newInputStream(file);
                 DataInputStream in = new DataInputStream(new BufferedInputStream(stream, whole ? 1 << 16 : 4096))) {
                return Optional.ofNullable(read(in, run, thresholds, whole));
            }
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
        catch (IOException | RuntimeException e) {
            // Damaged, foreign or of another version: it is derived, so it is built again.
            return Optional.empty();
        }
    }

    private static Header read(final DataInputStream in, final RunDirectory run, final AlertThresholds thresholds,
                               final boolean whole) throws IOException {
        if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC) || in.readInt() != VERSION
                || !SHAPE.equals(readString(in)) || !thresholds.toString().equals(readString(in))) {
            return null;
        }
        int sources = in.readInt();
        if (sources < 0 || sources > 16) {
            return null;
        }
        List<SourceStamp> coverage = new ArrayList<>(sources);
        for (int i = 0; i < sources; i++) {
            SourceStamp stamp = new SourceStamp(readString(in), in.readLong(), in.readLong(), in.readLong(),
                    in.readLong());
            if (stamp.name().contains("/") || !stamp.matches(run.path())) {
                return null;
            }
            coverage.add(stamp);
        }
        RunSummary summary = AnalyticsJson.mapper().readValue(readBytes(in), RunSummary.class);
        if (!whole) {
            return new Header(summary, coverage, null);
        }
        RunAnalytics analytics = AnalyticsJson.mapper().readValue(readBytes(in), RunAnalytics.class);
        String runId = readString(in);
        String name = in.readBoolean() ? readString(in) : null;
        Map<String, Series> training = new HashMap<>();
        int trainingCount = in.readInt();
        for (int i = 0; i < trainingCount; i++) {
            String key = readString(in);
            training.put(key, readSeries(in));
        }
        Map<Integer, Map<GpuMetric, Series>> gpus = new TreeMap<>();
        int gpuCount = in.readInt();
        for (int i = 0; i < gpuCount; i++) {
            int gpu = in.readInt();
            Map<GpuMetric, Series> series = new EnumMap<>(GpuMetric.class);
            int metrics = in.readInt();
            for (int m = 0; m < metrics; m++) {
                GpuMetric metric = GpuMetric.valueOf(readString(in).toUpperCase(java.util.Locale.ROOT));
                series.put(metric, readSeries(in));
            }
            gpus.put(gpu, series);
        }
        if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
            return null;
        }
        return new Header(summary, coverage, new RunIndex(runId, name, analytics, true, training, gpus, coverage));
    }

    /** A record's component names and types, nested records spelled out: {@code Name(a:double,b:Other(c:int))}. */
    private static String shape(final Class<?> type) {
        if (!type.isRecord()) {
            return type.getSimpleName();
        }
        StringBuilder shape = new StringBuilder(type.getSimpleName()).append('(');
        for (java.lang.reflect.RecordComponent component : type.getRecordComponents()) {
            shape.append(component.getName()).append(':');
            java.lang.reflect.Type generic = component.getGenericType();
            if (generic instanceof java.lang.reflect.ParameterizedType parameterized
                    && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
                shape.append(component.getType().getSimpleName()).append('<').append(shape(element)).append('>');
            }
            else {
                shape.append(shape(component.getType()));
            }
            shape.append(',');
        }
        return shape.append(')').toString();
    }

    private static void writeSeries(final DataOutputStream out, final Series series) throws IOException {
        writeString(out, series.name());
        out.writeInt(series.size());
        for (int i = 0; i < series.size(); i++) {
            out.writeDouble(series.x(i));
        }
        for (int i = 0; i < series.size(); i++) {
            out.writeDouble(series.y(i));
        }
    }

    private static Series readSeries(final DataInputStream in) throws IOException {
        String name = readString(in);
        int size = in.readInt();
        if (size < 0 || size > 4 * RunIndex.MAX_POINTS) {
            throw new IOException("a series of " + size + " points");
        }
        double[] xs = new double[size];
        double[] ys = new double[size];
        for (int i = 0; i < size; i++) {
            xs[i] = in.readDouble();
        }
        for (int i = 0; i < size; i++) {
            ys[i] = in.readDouble();
        }
        return Series.of(name, xs, ys);
    }

    private static void writeString(final DataOutputStream out, final String value) throws IOException {
        writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(final DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeBytes(final DataOutputStream out, final byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(final DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw new IOException("a field of " + length + " bytes");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException();
        }
        return bytes;
    }
}
