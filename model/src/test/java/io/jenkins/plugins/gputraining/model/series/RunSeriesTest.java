package io.jenkins.plugins.gputraining.model.series;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSeriesTest {
    private static final double T0 = 1_700_000_000;
    private static final double NaN = Double.NaN;

    @TempDir
    Path root;

    @Test
    void chartsEachTrainingMetricByStepAndSkipsRecordsWithoutIt() {
        RunDirectory dir = RunFixture.in(root.resolve("run"), "run-1").startedAt(T0)
                .training(10, 10L, 2.0, 1e-3, 100.0)
                .training(15, 10L, null, null, null) // an eval record: no training loss
                .training(20, 20L, 1.5, 5e-4, 120.0)
                .training(30, 30L, 1.2, null, 110.0)
                .completed(40);

        RunSeries run = RunSeries.read(dir);

        Series loss = run.training(TrainingMetric.LOSS, Axis.STEP);
        assertThat(loss.name()).isEqualTo("loss");
        assertThat(loss.xs()).containsExactly(10, 20, 30);
        assertThat(loss.ys()).containsExactly(2.0, 1.5, 1.2);
        Series learningRate = run.training(TrainingMetric.LEARNING_RATE, Axis.STEP);
        assertThat(learningRate.xs()).containsExactly(10, 20);
        assertThat(learningRate.ys()).containsExactly(1e-3, 5e-4);
        Series throughput = run.training(TrainingMetric.SAMPLES_PER_SECOND, Axis.STEP);
        assertThat(throughput.xs()).containsExactly(10, 20, 30);
        assertThat(throughput.ys()).containsExactly(100, 120, 110);
        assertThat(run.runId()).isEqualTo("run-1");
        assertThat(run.name()).isEqualTo("run run-1");
    }

    @Test
    void turnsANonFiniteLossIntoAGapPoint() {
        RunDirectory dir = RunFixture.in(root.resolve("run"), "run-1").startedAt(T0)
                .loss(10, 10, 2.0)
                .loss(20, 20, Double.NaN)
                .loss(30, 30, Double.POSITIVE_INFINITY)
                .loss(40, 40, 1.0)
                .completed(50);

        Series loss = RunSeries.read(dir).training(TrainingMetric.LOSS, Axis.STEP);

        assertThat(loss.xs()).containsExactly(10, 20, 30, 40);
        assertThat(loss.ys()).containsExactly(2.0, NaN, NaN, 1.0);
    }

    @Test
    void chartsByElapsedTimeSinceTheStartIncludingRecordsWithoutAStep() {
        RunDirectory dir = RunFixture.in(root.resolve("run"), "run-1").startedAt(T0)
                .training(5, null, 2.5, null, null)
                .loss(12.5, 10, 2.0)
                .completed(20);

        Series loss = RunSeries.read(dir).training(TrainingMetric.LOSS, Axis.ELAPSED_SECONDS);

        assertThat(loss.xs()).containsExactly(5, 12.5);
        assertThat(loss.ys()).containsExactly(2.5, 2.0);
    }

    @Test
    void aStepGoingBackMeansARestartFromACheckpointWhichSupersedesTheLaterSteps() {
        RunDirectory dir = RunFixture.in(root.resolve("run"), "run-1").startedAt(T0)
                .loss(10, 10, 2.0)
                .loss(20, 20, 1.8)
                .loss(30, 30, 9.9) // diverged; the run was restarted from the step-20 checkpoint
                .loss(40, 20, 1.7)
                .loss(50, 30, 1.5)
                .completed(60);

        RunSeries run = RunSeries.read(dir);

        Series byStep = run.training(TrainingMetric.LOSS, Axis.STEP);
        assertThat(byStep.xs()).containsExactly(10, 20, 30);
        assertThat(byStep.ys()).containsExactly(2.0, 1.7, 1.5);
        assertThat(run.training(TrainingMetric.LOSS, Axis.ELAPSED_SECONDS).ys())
                .as("in time, everything happened").containsExactly(2.0, 1.8, 9.9, 1.7, 1.5);
    }

    @Test
    void chartsEveryGpuOverElapsedTimeAndLeavesOutWhatAGpuDidNotReport() {
        RunDirectory dir = RunFixture.in(root.resolve("run"), "run-1").startedAt(T0)
                .gpu(1, 0, 95.0, 40_000.0, 60.0, 300.0)
                .gpu(1, 1, 90.0, 39_000.0, 58.0, null) // power not supported
                .gpu(2, 0, 97.0, 41_000.0, 61.0, 310.0)
                .gpu(2, 1, 91.0, 39_500.0, 59.0, null)
                .completed(3);

        RunSeries run = RunSeries.read(dir);

        assertThat(run.gpus()).containsExactly(0, 1);
        Series utilization = run.gpu(0, GpuMetric.UTILIZATION_PERCENT);
        assertThat(utilization.name()).isEqualTo("gpu0");
        assertThat(utilization.xs()).containsExactly(1, 2);
        assertThat(utilization.ys()).containsExactly(95, 97);
        assertThat(run.gpu(1, GpuMetric.MEMORY_USED_MB).ys()).containsExactly(39_000, 39_500);
        assertThat(run.gpu(0, GpuMetric.TEMPERATURE_C).ys()).containsExactly(60, 61);
        assertThat(run.gpu(0, GpuMetric.POWER_WATTS).ys()).containsExactly(300, 310);
        assertThat(run.gpu(1, GpuMetric.POWER_WATTS).isEmpty()).isTrue();
        assertThat(run.gpu(7, GpuMetric.POWER_WATTS).isEmpty()).isTrue();

        Overlay perGpu = run.gpuOverlay(GpuMetric.TEMPERATURE_C);
        assertThat(perGpu.axis()).isEqualTo(Axis.ELAPSED_SECONDS);
        assertThat(perGpu.series()).extracting(Series::name).containsExactly("gpu0", "gpu1");
    }

    @Test
    void samplesTakenDuringAPauseThatNeverEndedShareThePausesX() {
        RunDirectory dir = RunFixture.in(root.resolve("run"), "run-1").startedAt(T0)
                .gpu(10, 0, 99.0, null, null, null)
                .paused(15)
                .gpu(20, 0, 0.0, null, null, null)
                .gpu(30, 0, 0.0, null, null, null)
                .stillRunning();

        Series utilization = RunSeries.read(dir).gpu(0, GpuMetric.UTILIZATION_PERCENT);

        assertThat(utilization.xs()).containsExactly(10, 15, 15);
    }

    @Test
    void readsPastAMalformedLineAndSaysSo() throws IOException {
        RunDirectory dir = RunFixture.in(root.resolve("run"), "run-1").startedAt(T0)
                .loss(10, 10, 2.0)
                .completed(20);
        Files.writeString(dir.file("metrics.jsonl"), "{\"step\": 20, \"loss\": 1.0}\n{\"time\": "
                + (T0 + 30) + ", \"step\": 30, \"loss\": 1.5}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        RunSeries run = RunSeries.read(dir);

        assertThat(run.metricsRead().problemCount()).isEqualTo(1);
        assertThat(run.training(TrainingMetric.LOSS, Axis.STEP).xs()).containsExactly(10, 30);
    }
}
