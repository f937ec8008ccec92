package io.jenkins.plugins.gputraining.model.index;

import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunSummary;
import io.jenkins.plugins.gputraining.model.series.Axis;
import io.jenkins.plugins.gputraining.model.series.GpuMetric;
import io.jenkins.plugins.gputraining.model.series.RunCharts;
import io.jenkins.plugins.gputraining.model.series.Series;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The derived index of one run (docs/progress-format.md, "Run index"): its analytics and, for every training metric
 * (by step and by elapsed time) and every GPU metric, a min/max-bucket downsample of at most about
 * {@value #MAX_POINTS} points that keeps the ends, the extremes and the gaps. Built in one streaming pass over the
 * run's files ({@link RunIndexCache}), kept in memory, and stored next to a finished run ({@link RunIndexFile}), so
 * pages and charts of runs of any length are answered without reading their records again. Immutable.
 */
public final class RunIndex implements RunCharts {
    /** Points a stored series has at most, about (the downsample's buckets hold a minimum and a maximum each). */
    public static final int MAX_POINTS = 2 * MinMaxSketch.MAX_BUCKETS;

    private final String runId;
    private final String name;
    private final RunAnalytics analytics;
    private final RunSummary summary;
    private final boolean isFinal;
    private final List<SourceStamp> coverage;
    /** The series, or how to make them (a live run's, made when first asked for). */
    private volatile Charts charts;
    private final java.util.function.Supplier<Charts> makeCharts;

    /** The series of an index: training ones by {@link #key}, GPU ones by GPU and metric. */
    record Charts(Map<String, Series> training, Map<Integer, Map<GpuMetric, Series>> gpus, long bytes) {
        static Charts of(final Map<String, Series> training, final Map<Integer, Map<GpuMetric, Series>> gpus) {
            Map<Integer, Map<GpuMetric, Series>> copy = new TreeMap<>();
            gpus.forEach((gpu, series) -> copy.put(gpu, Collections.unmodifiableMap(new EnumMap<>(series))));
            long bytes = 0;
            for (Series series : training.values()) {
                bytes += 64 + 16L * series.size();
            }
            for (Map<GpuMetric, Series> series : gpus.values()) {
                for (Series one : series.values()) {
                    bytes += 64 + 16L * one.size();
                }
            }
            return new Charts(Collections.unmodifiableMap(new java.util.HashMap<>(training)),
                    Collections.unmodifiableMap(copy), bytes);
        }
    }

    RunIndex(final String runId, final String name, final RunAnalytics analytics, final boolean isFinal,
             final Map<String, Series> training, final Map<Integer, Map<GpuMetric, Series>> gpus,
             final List<SourceStamp> coverage) {
        this(runId, name, analytics, isFinal, null, coverage);
        this.charts = Charts.of(training, gpus);
    }

    /**
     * An index whose series are made when first asked for (a live run's: refreshing it for its analytics alone then
     * costs no series); they may show a little more of the run than the analytics did.
     */
    RunIndex(final String runId, final String name, final RunAnalytics analytics, final boolean isFinal,
             final java.util.function.Supplier<Charts> makeCharts, final List<SourceStamp> coverage) {
        this.runId = runId;
        this.name = name;
        this.analytics = analytics;
        this.summary = RunSummary.of(analytics);
        this.isFinal = isFinal;
        this.makeCharts = makeCharts;
        this.coverage = List.copyOf(coverage);
    }

    private Charts charts() {
        Charts made = charts;
        if (made == null) {
            synchronized (this) {
                made = charts;
                if (made == null) {
                    made = makeCharts.get();
                    charts = made;
                }
            }
        }
        return made;
    }

    static String key(final TrainingMetric metric, final Axis axis) {
        return metric.jsonName() + "@" + axis.jsonName();
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String name() {
        return name;
    }

    /** The run's analytics; for a run still going, as of when the index was last brought up to date. */
    public RunAnalytics analytics() {
        return analytics;
    }

    /** The figures a multi-run summary needs. */
    public RunSummary summary() {
        return summary;
    }

    /**
     * Whether the run had ended when the index was built, so its analytics no longer change with the clock: only
     * such an index is stored next to the run.
     */
    public boolean isFinal() {
        return isFinal;
    }

    /** The stored downsample of a training metric (at most about {@link #MAX_POINTS} points). */
    @Override
    public Series training(final TrainingMetric metric, final Axis axis) {
        Series series = charts().training().get(key(metric, axis));
        return series == null ? Series.empty(metric.jsonName()) : series;
    }

    @Override
    public List<Integer> gpus() {
        return new ArrayList<>(charts().gpus().keySet());
    }

    @Override
    public Series gpu(final int gpu, final GpuMetric metric) {
        Map<GpuMetric, Series> series = charts().gpus().get(gpu);
        Series one = series == null ? null : series.get(metric);
        return one == null ? Series.empty("gpu" + gpu) : one;
    }

    Map<String, Series> trainingSeries() {
        return charts().training();
    }

    Map<Integer, Map<GpuMetric, Series>> gpuSeries() {
        return charts().gpus();
    }

    /** The source files the index was built from, with their lengths and fingerprints. */
    List<SourceStamp> coverage() {
        return coverage;
    }

    /** Heap held by this index, roughly (its series, once made, and its analytics). */
    public long estimatedBytes() {
        Charts made = charts;
        return 4096 + (made == null ? 0 : made.bytes());
    }

    @Override
    public String toString() {
        return "RunIndex[" + runId + ", " + (isFinal ? "final" : "live") + "]";
    }
}
