package io.jenkins.plugins.gputraining.model.series;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gputraining.model.progress.PauseTimeline;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs of the same job: run A trained straight through; run B started 1,000 s later, was paused for 60 s after
 * step 10, and took the same active time per step.
 */
class OverlayAlignmentTest {
    private static final double T0 = 1_700_000_000;

    @TempDir
    Path root;

    private RunSeries runA;
    private RunSeries runB;

    @BeforeEach
    void recordTwoRuns() {
        runA = RunSeries.read(RunFixture.in(root.resolve("a"), "run-a").startedAt(T0)
                .loss(10, 10, 2.0)
                .loss(20, 20, 1.5)
                .loss(30, 30, 1.0)
                .gpu(10, 0, 90.0, null, null, null)
                .gpu(30, 0, 95.0, null, null, null)
                .completed(40));
        runB = RunSeries.read(RunFixture.in(root.resolve("b"), "run-b").startedAt(T0 + 1_000)
                .loss(10, 10, 2.2)
                .paused(15)
                .gpu(45, 0, 0.0, null, null, null)
                .resumed(75)
                .loss(80, 20, 1.6)
                .loss(90, 30, 1.1)
                .gpu(90, 0, 93.0, null, null, null)
                .gpu(90, 1, 92.0, null, null, null)
                .completed(100));
    }

    @Test
    void byStepRunsShareTheOptimizerStep() {
        Overlay overlay = Overlay.align(Axis.STEP, TrainingMetric.LOSS, List.of(runA, runB));

        assertThat(overlay.axis()).isEqualTo(Axis.STEP);
        assertThat(overlay.series()).extracting(Series::name).containsExactly("run-a", "run-b");
        assertThat(overlay.series("run-a").orElseThrow().xs()).containsExactly(10, 20, 30);
        assertThat(overlay.series("run-a").orElseThrow().ys()).containsExactly(2.0, 1.5, 1.0);
        assertThat(overlay.series("run-b").orElseThrow().xs()).containsExactly(10, 20, 30);
        assertThat(overlay.series("run-b").orElseThrow().ys()).containsExactly(2.2, 1.6, 1.1);
    }

    @Test
    void byElapsedTimeEachRunStartsAtZeroAndItsPauseIsLeftOut() {
        Overlay overlay = Overlay.align(Axis.ELAPSED_SECONDS, TrainingMetric.LOSS, List.of(runA, runB));

        assertThat(overlay.axis()).isEqualTo(Axis.ELAPSED_SECONDS);
        assertThat(overlay.series("run-a").orElseThrow().xs()).containsExactly(10, 20, 30);
        assertThat(overlay.series("run-b").orElseThrow().xs())
                .as("wall clock 10, 80, 90 s after the start, minus the 60 s pause")
                .containsExactly(10, 20, 30);
        assertThat(overlay.series("run-b").orElseThrow().ys()).containsExactly(2.2, 1.6, 1.1);
    }

    @Test
    void gpuMetricsOfSeveralRunsAreAlignedByElapsedTimeOneSeriesPerRunAndGpu() {
        Overlay overlay = Overlay.alignGpus(GpuMetric.UTILIZATION_PERCENT, List.of(runA, runB));

        assertThat(overlay.axis()).isEqualTo(Axis.ELAPSED_SECONDS);
        assertThat(overlay.series()).extracting(Series::name)
                .containsExactly("run-a/gpu0", "run-b/gpu0", "run-b/gpu1");
        assertThat(overlay.series("run-b/gpu0").orElseThrow().xs())
                .as("the sample taken while paused sits at the pause's start").containsExactly(15, 30);
        assertThat(overlay.series("run-b/gpu1").orElseThrow().xs()).containsExactly(30);
    }

    @Test
    void labelsCanBeChosenButMustBeDistinct() {
        Overlay labelled = Overlay.align(Axis.STEP, TrainingMetric.LOSS, List.of(runA, runB),
                run -> run.name().toUpperCase(java.util.Locale.ROOT));
        assertThat(labelled.series()).extracting(Series::name).containsExactly("RUN RUN-A", "RUN RUN-B");

        assertThatThrownBy(() -> Overlay.align(Axis.STEP, TrainingMetric.LOSS, List.of(runA, runB), run -> "same"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two series of an overlay are named \"same\"");
    }

    @Test
    void downsamplesEverySeriesOfAnOverlayToTheSameBudget() {
        Series.Builder longRun = Series.builder("long");
        for (int step = 0; step < 50_000; step++) {
            longRun.add(step, Math.exp(-step / 10_000.0));
        }
        Overlay overlay = Overlay.of(Axis.STEP, List.of(longRun.build(),
                runA.training(TrainingMetric.LOSS, Axis.STEP).withName("short")));

        Overlay thinned = overlay.downsample(200);

        assertThat(thinned.axis()).isEqualTo(Axis.STEP);
        assertThat(thinned.series("long").orElseThrow().size()).isBetween(100, 200);
        assertThat(thinned.series("long").orElseThrow().x(0)).isEqualTo(0);
        assertThat(thinned.series("long").orElseThrow().x(thinned.series("long").orElseThrow().size() - 1))
                .isEqualTo(49_999);
        assertThat(thinned.series("short").orElseThrow()).isEqualTo(overlay.series("short").orElseThrow());
        assertThat(thinned.pointCount()).isLessThanOrEqualTo(2 * 200);
    }

    @Test
    void aRunClockPutsAnySeriesOfEpochTimesOnTheElapsedAxis() {
        RunClock clock = RunClock.of(T0, PauseTimeline.of(List.of(
                io.jenkins.plugins.gputraining.model.progress.LifecycleEvent.of(T0 + 10, "paused", null),
                io.jenkins.plugins.gputraining.model.progress.LifecycleEvent.of(T0 + 70, "resumed", null)),
                T0 + 100));
        Series byTime = Series.of("power", new double[] {T0 - 5, T0 + 5, T0 + 40, T0 + 80},
                new double[] {1, 2, 3, 4});

        Series elapsed = clock.toElapsed(byTime);

        assertThat(elapsed.xs()).containsExactly(0, 5, 10, 20);
        assertThat(elapsed.ys()).containsExactly(1, 2, 3, 4);
        assertThat(clock.elapsed(T0 + 100)).isEqualTo(40);
    }
}
