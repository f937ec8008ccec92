package io.jenkins.plugins.gputraining.model.index;

import io.jenkins.plugins.gputraining.model.analytics.AnalyticsFold;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.PauseTimeline;
import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.ProgressRead;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.ReadResult;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import io.jenkins.plugins.gputraining.model.series.Axis;
import io.jenkins.plugins.gputraining.model.series.GpuMetric;
import io.jenkins.plugins.gputraining.model.series.RunClock;
import io.jenkins.plugins.gputraining.model.series.RunSeries;
import io.jenkins.plugins.gputraining.model.series.Series;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleUnaryOperator;

/**
 * Builds a {@link RunIndex} by folding a run's files, and keeps folding as they grow: per file it remembers the offset
 * read so far (the end of the last whole line) and a fingerprint of the bytes before it, and on {@link #refresh()}
 * reads only what was appended. A file that became shorter, or whose covered bytes changed (truncated, rewritten,
 * replaced), makes it start over from the beginning of every file. progress.json is read again when it changed.
 * Memory is bounded: the analytics statistics are constant-size, each series is a {@link MinMaxSketch}, events are kept
 * up to {@link RunDirectory#MAX_EVENTS}, GPUs up to {@link RunSeries#MAX_GPUS}. Not thread-safe: the cache refreshes
 * a builder under its entry's lock.
 */
final class RunIndexBuilder {
    private final RunDirectory run;
    private final RunAnalyzer analyzer;

    private ProgressRead progress;
    private long progressSize = -1;
    private long progressModified;
    private Object progressKey;

    private final Cursor events = new Cursor(ProgressFormat.EVENTS_FILE);
    private final Cursor metrics = new Cursor(ProgressFormat.METRICS_FILE);
    private final Cursor telemetry = new Cursor(ProgressFormat.TELEMETRY_FILE);

    private AnalyticsFold fold;
    private final List<LifecycleEvent> eventList = new ArrayList<>();
    private static final TrainingMetric[] TRAINING = TrainingMetric.values();
    private static final GpuMetric[] GPU = GpuMetric.values();
    /** Sketches by training metric ordinal, on the step axis and by time. */
    private final MinMaxSketch[] byStep = new MinMaxSketch[TRAINING.length];
    private final MinMaxSketch[] byTime = new MinMaxSketch[TRAINING.length];
    /** Sketches by GPU, then by GPU metric ordinal. */
    private final Map<Integer, MinMaxSketch[]> gpus = new TreeMap<>();
    private int lastGpu = -1;
    private MinMaxSketch[] lastGpuSketches;
    private double earliestRecord = Double.POSITIVE_INFINITY;

    /** One source file: what was read of it so far, and the fingerprint of those bytes. */
    private static final class Cursor {
        private final String name;
        private ReadResult read;
        private SourceStamp stamp;
        private Object fileKey;

        Cursor(final String name) {
            this.name = name;
        }

        void reset() {
            read = null;
            stamp = null;
            fileKey = null;
        }
    }

    RunIndexBuilder(final RunDirectory run, final RunAnalyzer analyzer) {
        this.run = run;
        this.analyzer = analyzer;
    }

    /**
     * Folds what the run's files gained since the last call (everything, the first time) and returns the index as
     * it stands.
     *
     * @throws ProgressException when the run cannot be read (progress.json is missing or damaged, a run file is a
     *         FIFO, …)
     */
    synchronized RunIndex refresh() {
        ProgressRead current = readProgress();
        if (fold == null || !Objects.equals(current.snapshot().startedAt(), progress.snapshot().startedAt())) {
            // Warm-up is judged from the start: a new start means every sample is judged again.
            reset(current);
        }
        progress = current;
        try {
            for (Cursor cursor : new Cursor[] {events, metrics, telemetry}) {
                if (cursor.read != null && !stillPrefix(cursor)) {
                    reset(current);
                    break;
                }
            }
            foldEvents();
            foldMetrics();
            foldTelemetry();
        }
        catch (IOException e) {
            throw new ProgressException("cannot read " + run.path() + ": " + e.getMessage(), e);
        }
        return snapshot();
    }

    private ProgressRead readProgress() {
        Path file = run.file(ProgressFormat.PROGRESS_FILE);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            if (progress != null && attributes.isRegularFile() && attributes.size() == progressSize
                    && modified == progressModified && Objects.equals(attributes.fileKey(), progressKey)) {
                return progress;
            }
            ProgressRead read = run.readProgressChecked();
            progressSize = attributes.size();
            progressModified = modified;
            progressKey = attributes.fileKey();
            return read;
        }
        catch (NoSuchFileException e) {
            return run.readProgressChecked();
        }
        catch (IOException e) {
            throw new ProgressException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file still starts with the bytes read of it: same file, not shorter, same fingerprint. */
    private boolean stillPrefix(final Cursor cursor) throws IOException {
        Path file = run.file(cursor.name);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        }
        catch (NoSuchFileException e) {
            return cursor.read.endOffset() == 0;
        }
        if (!attributes.isRegularFile()) {
            return false;
        }
        if (!Objects.equals(attributes.fileKey(), cursor.fileKey) || attributes.size() < cursor.read.endOffset()) {
            return false;
        }
        return cursor.stamp.isPrefixOf(run.path());
    }

    private void reset(final ProgressRead current) {
        progress = current;
        fold = analyzer.fold(current.snapshot());
        events.reset();
        metrics.reset();
        telemetry.reset();
        eventList.clear();
        java.util.Arrays.fill(byStep, null);
        java.util.Arrays.fill(byTime, null);
        gpus.clear();
        lastGpu = -1;
        lastGpuSketches = null;
        earliestRecord = Double.POSITIVE_INFINITY;
    }

    private void foldEvents() throws IOException {
        int before = eventList.size();
        advance(events, cursor -> cursor.read == null
                ? run.readEvents(this::keepEvent) : run.readEventsAfter(cursor.read, this::keepEvent));
        if (eventList.size() != before) {
            // An open pause lasts until further notice while the run goes on.
            fold.pauses(PauseTimeline.of(eventList, Double.POSITIVE_INFINITY));
        }
    }

    private void keepEvent(final LifecycleEvent event) {
        if (eventList.size() < RunDirectory.MAX_EVENTS) {
            eventList.add(event);
        }
    }

    private void foldMetrics() throws IOException {
        advance(metrics, cursor -> cursor.read == null
                ? run.readMetrics(this::metric) : run.readMetricsAfter(cursor.read, this::metric));
    }

    private void foldTelemetry() throws IOException {
        advance(telemetry, cursor -> cursor.read == null
                ? run.readTelemetry(this::telemetry) : run.readTelemetryAfter(cursor.read, this::telemetry));
    }

    @FunctionalInterface
    private interface Read {
        ReadResult read(Cursor cursor);
    }

    /** Reads what a file gained, adds it to the cursor's totals and fingerprints the bytes read so far. */
    private ReadResult advance(final Cursor cursor, final Read read) throws IOException {
        ReadResult before = cursor.read;
        ReadResult gained = read.read(cursor);
        cursor.read = before == null ? gained : before.then(gained);
        if (before != null && before.endOffset() > 0 && gained.endOffset() == before.endOffset()) {
            return gained; // nothing appended: the fingerprint stands
        }
        try {
            cursor.fileKey = Files.readAttributes(run.file(cursor.name), BasicFileAttributes.class).fileKey();
        }
        catch (NoSuchFileException e) {
            cursor.fileKey = null;
        }
        cursor.stamp = SourceStamp.of(run.path(), cursor.name, cursor.read.endOffset());
        return gained;
    }

    private void metric(final MetricRecord record) {
        fold.metric(record);
        double time = record.time();
        if (time < earliestRecord) {
            earliestRecord = time;
        }
        Long step = record.step();
        for (int m = 0; m < TRAINING.length; m++) {
            Double value = TRAINING[m].valueIn(record);
            if (value == null) {
                continue;
            }
            double y = Double.isFinite(value) ? value : Double.NaN;
            sketch(byTime, m).add(time, y);
            if (step != null) {
                MinMaxSketch sketch = sketch(byStep, m);
                double x = step.doubleValue();
                if (x < sketch.lastX()) {
                    sketch.dropFrom(x);
                }
                sketch.add(x, y);
            }
        }
    }

    private static MinMaxSketch sketch(final MinMaxSketch[] sketches, final int index) {
        MinMaxSketch sketch = sketches[index];
        if (sketch == null) {
            sketch = new MinMaxSketch();
            sketches[index] = sketch;
        }
        return sketch;
    }

    private void telemetry(final TelemetrySample sample) {
        fold.telemetry(sample);
        double time = sample.time();
        if (time < earliestRecord) {
            earliestRecord = time;
        }
        MinMaxSketch[] sketches = sketches(sample.gpu());
        if (sketches == null) {
            return;
        }
        for (int m = 0; m < GPU.length; m++) {
            Double value = GPU[m].valueIn(sample);
            if (value != null) {
                sketch(sketches, m).add(time, Double.isFinite(value) ? value : Double.NaN);
            }
        }
    }

    /** A GPU's sketches; {@code null} for a GPU beyond the {@link RunSeries#MAX_GPUS} charted. */
    private MinMaxSketch[] sketches(final int gpu) {
        if (gpu == lastGpu) {
            return lastGpuSketches;
        }
        MinMaxSketch[] sketches = gpus.get(gpu);
        if (sketches == null) {
            if (gpus.size() >= RunSeries.MAX_GPUS) {
                return null;
            }
            sketches = new MinMaxSketch[GPU.length];
            gpus.put(gpu, sketches);
        }
        lastGpu = gpu;
        lastGpuSketches = sketches;
        return sketches;
    }

    /**
     * The index as the files stand now. A finished run's series are made now (the index is stored); a live run's
     * when first asked for, from the sketches as they stand then.
     */
    private RunIndex snapshot() {
        ProgressSnapshot snapshot = progress.snapshot();
        RunAnalytics analytics = analyzer.analytics(progress, eventList, events.read, fold, metrics.read,
                telemetry.read);
        boolean isFinal = !analyzer.dependsOnClock(snapshot);
        if (!isFinal) {
            return new RunIndex(snapshot.runId(), snapshot.name(), analytics, false, () -> {
                synchronized (this) {
                    return charts();
                }
            }, List.of());
        }
        RunIndex.Charts charts = charts();
        List<SourceStamp> coverage = new ArrayList<>();
        try {
            for (String name : new String[] {ProgressFormat.PROGRESS_FILE, ProgressFormat.EVENTS_FILE,
                    ProgressFormat.METRICS_FILE, ProgressFormat.TELEMETRY_FILE}) {
                coverage.add(SourceStamp.of(run.path(), name, -1));
            }
        }
        catch (IOException e) {
            throw new ProgressException("cannot read " + run.path() + ": " + e.getMessage(), e);
        }
        return new RunIndex(snapshot.runId(), snapshot.name(), analytics, true, charts.training(), charts.gpus(),
                coverage);
    }

    /** The series as the sketches stand, on the run's own clock (elapsed time leaves pauses out). */
    private RunIndex.Charts charts() {
        ProgressSnapshot snapshot = progress.snapshot();
        double end = snapshot.endedAt() == null ? Double.POSITIVE_INFINITY : seconds(snapshot.endedAt());
        RunClock clock = RunClock.of(start(snapshot), PauseTimeline.of(eventList, end));
        DoubleUnaryOperator elapsed = clock::elapsed;
        Map<String, Series> training = new HashMap<>();
        for (TrainingMetric metric : TRAINING) {
            MinMaxSketch step = byStep[metric.ordinal()];
            MinMaxSketch time = byTime[metric.ordinal()];
            training.put(RunIndex.key(metric, Axis.STEP), step == null ? Series.empty(metric.jsonName())
                    : step.toSeries(metric.jsonName(), x -> x));
            training.put(RunIndex.key(metric, Axis.ELAPSED_SECONDS), time == null ? Series.empty(metric.jsonName())
                    : time.toSeries(metric.jsonName(), elapsed));
        }
        Map<Integer, Map<GpuMetric, Series>> gpuSeries = new TreeMap<>();
        gpus.forEach((gpu, sketches) -> {
            Map<GpuMetric, Series> series = new EnumMap<>(GpuMetric.class);
            for (GpuMetric metric : GPU) {
                MinMaxSketch sketch = sketches[metric.ordinal()];
                series.put(metric, sketch == null ? Series.empty("gpu" + gpu) : sketch.toSeries("gpu" + gpu, elapsed));
            }
            gpuSeries.put(gpu, series);
        });
        return RunIndex.Charts.of(training, gpuSeries);
    }

    /** progress.json's start, else the first {@code started} event, else the earliest record (as RunSeries does). */
    private double start(final ProgressSnapshot snapshot) {
        if (snapshot.startedAt() != null) {
            return seconds(snapshot.startedAt());
        }
        for (LifecycleEvent event : eventList) {
            if (LifecycleEvent.STARTED.equals(event.event())) {
                return event.time();
            }
        }
        return Double.isFinite(earliestRecord) ? earliestRecord : 0;
    }

    private static double seconds(final Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    /** Heap held by this builder, roughly. */
    synchronized long estimatedBytes() {
        long bytes = 8192 + 256L * eventList.size();
        for (MinMaxSketch[] sketches : List.of(byStep, byTime)) {
            for (MinMaxSketch sketch : sketches) {
                bytes += sketch == null ? 0 : sketch.estimatedBytes();
            }
        }
        for (MinMaxSketch[] sketches : gpus.values()) {
            for (MinMaxSketch sketch : sketches) {
                bytes += sketch == null ? 0 : sketch.estimatedBytes();
            }
        }
        return bytes;
    }
}
