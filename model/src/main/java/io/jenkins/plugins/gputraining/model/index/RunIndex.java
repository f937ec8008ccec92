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
    private final Map<String, Series> training;
    private final Map<Integer, Map<GpuMetric, Series>> gpus;
    private final List<SourceStamp> coverage;
    private final long estimatedBytes;

    RunIndex(final String runId, final String name, final RunAnalytics analytics, final boolean isFinal,
             final Map<String, Series> training, final Map<Integer, Map<GpuMetric, Series>> gpus,
             final List<SourceStamp> coverage) {
        this.runId = runId;
        this.name = name;
        this.analytics = analytics;
        this.summary = RunSummary.of(analytics);
        this.isFinal = isFinal;
        this.training = Collections.unmodifiableMap(training);
        Map<Integer, Map<GpuMetric, Series>> copy = new TreeMap<>();
        gpus.forEach((gpu, series) -> copy.put(gpu, Collections.unmodifiableMap(new EnumMap<>(series))));
        this.gpus = Collections.unmodifiableMap(copy);
        this.coverage = List.copyOf(coverage);
        long bytes = 4096;
        for (Series series : training.values()) {
            bytes += 64 + 16L * series.size();
        }
        for (Map<GpuMetric, Series> series : gpus.values()) {
            for (Series one : series.values()) {
                bytes += 64 + 16L * one.size();
            }
        }
        this.estimatedBytes = bytes;
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
        Series series = training.get(key(metric, axis));
        return series == null ? Series.empty(metric.jsonName()) : series;
    }

    @Override
    public List<Integer> gpus() {
        return new ArrayList<>(gpus.keySet());
    }

    @Override
    public Series gpu(final int gpu, final GpuMetric metric) {
        Map<GpuMetric, Series> series = gpus.get(gpu);
        Series one = series == null ? null : series.get(metric);
        return one == null ? Series.empty("gpu" + gpu) : one;
    }

    Map<String, Series> trainingSeries() {
        return training;
    }

    Map<Integer, Map<GpuMetric, Series>> gpuSeries() {
        return gpus;
    }

    /** The source files the index was built from, with their lengths and fingerprints. */
    List<SourceStamp> coverage() {
        return coverage;
    }

    /** Heap held by this index, roughly. */
    public long estimatedBytes() {
        return estimatedBytes;
    }

    @Override
    public String toString() {
        return "RunIndex[" + runId + ", " + (isFinal ? "final" : "live") + ", " + training.size() + " training and "
                + gpus.size() + " GPUs' series]";
    }
}
