package io.jenkins.plugins.gputraining.model.series;

import java.util.ArrayList;
import java.util.List;

/**
 * The chartable series of one run, whatever they were read from: a run directory read whole ({@link RunSeries}) or
 * a derived run index that keeps downsamples ({@code io.jenkins.plugins.gputraining.model.index.RunIndex}).
 */
public interface RunCharts {
    /** The run's job id. */
    String runId();

    /** The human-readable name, or {@code null}. */
    String name();

    /** A training metric on the given axis, named after the metric. */
    Series training(TrainingMetric metric, Axis axis);

    /** The NVML indices of the GPUs that have telemetry, ascending. */
    List<Integer> gpus();

    /** A GPU metric over elapsed seconds, named {@code gpu<index>}; empty when the GPU has no telemetry. */
    Series gpu(int gpu, GpuMetric metric);

    /** This run's training metric as a one-series overlay, the series named after the job id. */
    default Overlay overlay(final TrainingMetric metric, final Axis axis) {
        return Overlay.of(axis, List.of(training(metric, axis).withName(runId())));
    }

    /** A GPU metric of every GPU of this run over elapsed seconds, one series per GPU ({@code gpu0}, …). */
    default Overlay gpuOverlay(final GpuMetric metric) {
        List<Series> series = new ArrayList<>();
        for (int gpu : gpus()) {
            series.add(gpu(gpu, metric));
        }
        return Overlay.of(Axis.ELAPSED_SECONDS, series);
    }
}
