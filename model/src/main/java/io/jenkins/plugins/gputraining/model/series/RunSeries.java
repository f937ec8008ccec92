package io.jenkins.plugins.gputraining.model.series;

import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.PauseTimeline;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.ReadResult;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The chartable series of one run directory: training metrics ({@link TrainingMetric}) by optimizer step or by
 * elapsed time, and per-GPU telemetry ({@link GpuMetric}) by elapsed time. Elapsed time is active seconds since the
 * run started ({@link RunClock}: paused intervals are left out).
 *
 * <p>{@link #read} streams metrics.jsonl and telemetry.jsonl once each into primitive columns (about 40 bytes a
 * record); each accessor builds a fresh {@link Series} from them in one pass, so call it once and keep the result.
 * A record without the metric adds no point; a non-finite value (a NaN or infinite loss) adds a gap point. On the
 * step axis, a step lower than the previous one means the run restarted from an earlier checkpoint: the points it
 * logged at or after that step are superseded and dropped, as TensorBoard does. Immutable once read.
 */
public final class RunSeries implements RunCharts {
    /** GPUs charted per run, as many as the analytics track; samples of further GPUs are left out. */
    public static final int MAX_GPUS = 1024;

    private final String runId;
    private final String name;
    private final RunClock clock;
    private final DoubleColumn times;
    private final DoubleColumn steps;
    private final Map<TrainingMetric, DoubleColumn> training;
    private final Map<Integer, GpuColumns> gpus;
    private final ReadResult metricsRead;
    private final ReadResult telemetryRead;

    private RunSeries(final String runId, final String name, final RunClock clock, final MetricColumns metrics,
                      final Map<Integer, GpuColumns> gpus, final ReadResult metricsRead,
                      final ReadResult telemetryRead) {
        this.runId = runId;
        this.name = name;
        this.clock = clock;
        this.times = metrics.times;
        this.steps = metrics.steps;
        this.training = metrics.values;
        this.gpus = gpus;
        this.metricsRead = metricsRead;
        this.telemetryRead = telemetryRead;
    }

    /**
     * Reads a run directory: progress.json (job id, start, end), events.jsonl (pauses), then one streaming pass over
     * metrics.jsonl and one over telemetry.jsonl. The start is progress.json's {@code started_at}, else the first
     * {@code started} event, else the earliest record. A pause never resumed lasts until {@code ended_at}, or, for a
     * run still paused, indefinitely.
     *
     * @throws io.jenkins.plugins.gputraining.model.progress.ProgressException when progress.json cannot be read
     */
    public static RunSeries read(final RunDirectory run) {
        ProgressSnapshot snapshot = run.readProgress();
        List<LifecycleEvent> events = run.events();

        MetricColumns metrics = new MetricColumns();
        ReadResult metricsRead = run.readMetrics(metrics::add);
        Map<Integer, GpuColumns> gpus = new TreeMap<>();
        double[] earliestSample = {Double.POSITIVE_INFINITY};
        ReadResult telemetryRead = run.readTelemetry(sample -> {
            GpuColumns columns = gpus.get(sample.gpu());
            if (columns == null && gpus.size() < MAX_GPUS) {
                columns = new GpuColumns();
                gpus.put(sample.gpu(), columns);
            }
            if (columns != null) {
                columns.add(sample);
            }
            earliestSample[0] = Math.min(earliestSample[0], sample.time());
        });

        double start = start(snapshot, events, Math.min(metrics.earliest, earliestSample[0]));
        double end = snapshot.endedAt() == null ? Double.POSITIVE_INFINITY : epochSeconds(snapshot.endedAt());
        RunClock clock = RunClock.of(start, PauseTimeline.of(events, end));
        return new RunSeries(snapshot.runId(), snapshot.name(), clock, metrics, Collections.unmodifiableMap(gpus),
                metricsRead, telemetryRead);
    }

    private static double start(final ProgressSnapshot snapshot, final List<LifecycleEvent> events,
                                final double earliestRecord) {
        if (snapshot.startedAt() != null) {
            return epochSeconds(snapshot.startedAt());
        }
        for (LifecycleEvent event : events) {
            if (LifecycleEvent.STARTED.equals(event.event())) {
                return event.time();
            }
        }
        return Double.isFinite(earliestRecord) ? earliestRecord : 0;
    }

    private static double epochSeconds(final Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    @Override
    public String runId() {
        return runId;
    }

    /** The human-readable name, or {@code null} when progress.json has none. */
    @Override
    public String name() {
        return name;
    }

    /** The clock that maps record times to elapsed seconds. */
    public RunClock clock() {
        return clock;
    }

    /** What reading metrics.jsonl found (malformed lines, a truncated tail). */
    public ReadResult metricsRead() {
        return metricsRead;
    }

    /** What reading telemetry.jsonl found. */
    public ReadResult telemetryRead() {
        return telemetryRead;
    }

    /**
     * A training metric on the given axis, named after the metric ({@code loss}, …). On the step axis, records
     * without a step are left out.
     */
    @Override
    public Series training(final TrainingMetric metric, final Axis axis) {
        Objects.requireNonNull(axis, "axis");
        DoubleColumn values = training.get(Objects.requireNonNull(metric, "metric"));
        Series.Builder series = Series.builder(metric.jsonName(), values.presentCount());
        for (int row = 0; row < values.size(); row++) {
            if (!values.isPresent(row)) {
                continue;
            }
            if (axis == Axis.ELAPSED_SECONDS) {
                series.add(clock.elapsed(times.get(row)), values.get(row));
            }
            else if (steps.isPresent(row)) {
                double step = steps.get(row);
                if (step < series.lastX()) {
                    series.dropFrom(step);
                }
                series.add(step, values.get(row));
            }
        }
        return series.build();
    }

    /** The NVML indices of the GPUs that have telemetry, ascending. */
    @Override
    public List<Integer> gpus() {
        return List.copyOf(gpus.keySet());
    }

    /**
     * A GPU metric over elapsed seconds, named {@code gpu<index>}; empty when the GPU has no telemetry. Samples the
     * GPU did not report the metric in (unsupported, failed to read) add no point.
     */
    @Override
    public Series gpu(final int gpu, final GpuMetric metric) {
        Objects.requireNonNull(metric, "metric");
        GpuColumns columns = gpus.get(gpu);
        String seriesName = "gpu" + gpu;
        if (columns == null) {
            return Series.empty(seriesName);
        }
        DoubleColumn values = columns.values.get(metric);
        Series.Builder series = Series.builder(seriesName, values.presentCount());
        for (int row = 0; row < values.size(); row++) {
            if (values.isPresent(row)) {
                series.add(clock.elapsed(columns.times.get(row)), values.get(row));
            }
        }
        return series.build();
    }

    @Override
    public String toString() {
        return "RunSeries[" + runId + ", " + times.size() + " metric records, " + gpus.size() + " GPUs]";
    }

    /** metrics.jsonl as columns, filled while streaming. */
    private static final class MetricColumns {
        private final DoubleColumn times = new DoubleColumn();
        private final DoubleColumn steps = new DoubleColumn();
        private final Map<TrainingMetric, DoubleColumn> values = new EnumMap<>(TrainingMetric.class);
        private double earliest = Double.POSITIVE_INFINITY;

        MetricColumns() {
            for (TrainingMetric metric : TrainingMetric.values()) {
                values.put(metric, new DoubleColumn());
            }
        }

        void add(final MetricRecord record) {
            times.add(record.time());
            steps.add(record.step() == null ? null : record.step().doubleValue());
            for (Map.Entry<TrainingMetric, DoubleColumn> column : values.entrySet()) {
                column.getValue().add(column.getKey().valueIn(record));
            }
            earliest = Math.min(earliest, record.time());
        }
    }

    /** One GPU's telemetry as columns, filled while streaming. */
    private static final class GpuColumns {
        private final DoubleColumn times = new DoubleColumn();
        private final Map<GpuMetric, DoubleColumn> values = new EnumMap<>(GpuMetric.class);

        GpuColumns() {
            for (GpuMetric metric : GpuMetric.values()) {
                values.put(metric, new DoubleColumn());
            }
        }

        void add(final TelemetrySample sample) {
            times.add(sample.time());
            for (Map.Entry<GpuMetric, DoubleColumn> column : values.entrySet()) {
                column.getValue().add(column.getKey().valueIn(sample));
            }
        }
    }
}
