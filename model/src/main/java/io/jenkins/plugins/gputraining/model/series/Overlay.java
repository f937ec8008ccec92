package io.jenkins.plugins.gputraining.model.series;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Several series on one shared x axis, drawn over each other: typically one metric of several runs, lined up by
 * optimizer step or by elapsed (active) seconds. Series names are unique, as a chart legend needs.
 *
 * @param axis what x measures in every series
 * @param series the series, in legend order
 */
public record Overlay(Axis axis, List<Series> series) {
    /**
     * @throws IllegalArgumentException when two series share a name
     */
    public Overlay {
        Objects.requireNonNull(axis, "axis");
        series = List.copyOf(series);
        Set<String> names = new HashSet<>();
        for (Series one : series) {
            if (!names.add(one.name())) {
                throw new IllegalArgumentException("two series of an overlay are named \"" + one.name()
                        + "\"; give each run a distinct label");
            }
        }
    }

    public static Overlay of(final Axis axis, final List<Series> series) {
        return new Overlay(axis, series);
    }

    /**
     * One training metric of several runs, aligned on the axis: by {@link Axis#STEP} the runs share the optimizer
     * step; by {@link Axis#ELAPSED_SECONDS} each run's x is its own active seconds since it started, so a run that
     * started later or was paused still starts at 0 and its paused time leaves no flat stretch. Each series is named
     * after its run's job id.
     *
     * @throws IllegalArgumentException when two runs share a job id
     */
    public static Overlay align(final Axis axis, final TrainingMetric metric, final List<? extends RunCharts> runs) {
        return align(axis, metric, runs, RunCharts::runId);
    }

    /**
     * As {@link #align(Axis, TrainingMetric, List)}, with each series named by the given label (for example a
     * build's display name).
     */
    public static Overlay align(final Axis axis, final TrainingMetric metric, final List<? extends RunCharts> runs,
                                final Function<? super RunCharts, String> label) {
        List<Series> series = new ArrayList<>(runs.size());
        for (RunCharts run : runs) {
            series.add(run.training(metric, axis).withName(label.apply(run)));
        }
        return new Overlay(axis, series);
    }

    /**
     * One GPU metric of several runs over elapsed (active) seconds, one series per run and GPU, named
     * {@code <job id>/gpu<index>}.
     */
    public static Overlay alignGpus(final GpuMetric metric, final List<? extends RunCharts> runs) {
        List<Series> series = new ArrayList<>();
        for (RunCharts run : runs) {
            for (int gpu : run.gpus()) {
                Series one = run.gpu(gpu, metric);
                series.add(one.withName(run.runId() + "/" + one.name()));
            }
        }
        return new Overlay(Axis.ELAPSED_SECONDS, series);
    }

    /** The series with the given name, if there is one. */
    public Optional<Series> series(final String name) {
        return series.stream().filter(one -> one.name().equals(name)).findFirst();
    }

    /**
     * Every series thinned to at most {@code maxPointsEach} points by {@link MinMaxDownsampler}, which keeps ends,
     * extremes and gaps.
     *
     * @throws IllegalArgumentException when {@code maxPointsEach < MinMaxDownsampler.MIN_POINTS}
     */
    public Overlay downsample(final int maxPointsEach) {
        MinMaxDownsampler.requireBudget(maxPointsEach);
        List<Series> thinned = new ArrayList<>(series.size());
        for (Series one : series) {
            thinned.add(MinMaxDownsampler.downsample(one, maxPointsEach));
        }
        return new Overlay(axis, thinned);
    }

    /** How many points all series hold together. */
    public long pointCount() {
        long count = 0;
        for (Series one : series) {
            count += one.size();
        }
        return count;
    }
}
