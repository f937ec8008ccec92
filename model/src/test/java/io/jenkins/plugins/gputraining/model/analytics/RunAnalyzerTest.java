package io.jenkins.plugins.gputraining.model.analytics;

import static io.jenkins.plugins.gputraining.model.fixtures.RunFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every field checked against values worked out by hand from small run directories. */
class RunAnalyzerTest {
    @TempDir
    Path root;

    private final RunAnalyzer analyzer = new RunAnalyzer(
            Clock.fixed(RunFixture.at(60), ZoneOffset.UTC), AlertThresholds.defaults());

    /** Five log events (100…140 samples/s) and five GPU samples with an energy counter. */
    private RunFixture completedRun(final String id, final boolean energyCounter) {
        RunFixture run = RunFixture.run(root, id).endedAt(100)
                .metric(10, 10L, 2.0, 100.0, 320L)
                .metric(30, 20L, 1.5, 110.0, 640L)
                .metric(50, 30L, 1.2, 120.0, 960L)
                .metric(70, 40L, 1.0, 130.0, 1280L)
                .metric(90, 50L, 0.8, 140.0, 1600L)
                .checkpoint(35, "checkpoint-20", 20)
                .checkpoint(75, "checkpoint-40", 40);
        double[] util = {80, 90, 100, 90, 90};
        double[] memory = {400, 500, 600, 500, 500};
        double[] temperature = {60, 62, 64, 66, 68};
        double[] power = {200, 300, 300, 300, 200};
        long[] counter = {1_000_000, 4_000_000, 7_000_000, 10_000_000, 13_600_000};
        for (int i = 0; i < 5; i++) {
            long energy = counter[i];
            UnaryOperator<io.jenkins.plugins.gputraining.model.progress.TelemetrySample.Builder> more =
                    energyCounter ? b -> b.energyMillijoules(energy) : UnaryOperator.identity();
            run.gpu(40 + 10 * i, 0, util[i], memory[i], temperature[i], power[i], more);
        }
        return run;
    }

    @Test
    void analysesACompletedRun() {
        RunAnalytics analytics = analyzer.analyze(completedRun("done", true).write());

        assertThat(analytics.runId()).isEqualTo("done");
        assertThat(analytics.name()).isEqualTo("run done");
        assertThat(analytics.status()).isEqualTo("completed");
        assertThat(analytics.exitCode()).isZero();
        assertThat(analytics.startedAt()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(analytics.endedAt()).isEqualTo("2026-01-01T00:01:40Z");
        assertThat(analytics.duration()).isEqualTo(new RunDuration(100.0, 0.0278, 1.667, 0.0, 100.0));
        assertThat(analytics.performance()).isEqualTo(new Performance(120.0, 140.0, 2.0, 1600L, 50L));
        assertThat(analytics.resourceUtilization())
                .isEqualTo(new ResourceUtilization(90.0, 100.0, 600.0, 64.0, 68.0, 260.0, 3.5, 1, 5));
        assertThat(analytics.checkpoints()).isEqualTo(new CheckpointStats(2, List.of("checkpoint-20", "checkpoint-40")));
        assertThat(analytics.losses()).isEqualTo(new LossStats(2.0, 0.8, 0.8, 60.0, 0));
        assertThat(analytics.efficiency()).isEqualTo(new EfficiencyScores(90.0, 85.7, 87.9));
        assertThat(analytics.alerts()).isEmpty();
        assertThat(analytics.telemetryAvailable()).isTrue();
        assertThat(analytics.dataQuality().metricRecords()).isEqualTo(5);
        assertThat(analytics.dataQuality().telemetrySamples()).isEqualTo(5);
        assertThat(analytics.dataQuality().malformedRecords()).isZero();
    }

    @Test
    void integratesPowerWhenThereIsNoEnergyCounter() {
        RunAnalytics analytics = analyzer.analyze(completedRun("no-counter", false).write());

        // Trapezoids over 10 s: 2500 + 3000 + 3000 + 2500 J = 11000 J.
        assertThat(analytics.resourceUtilization().energyWh()).isEqualTo(3.0556);
    }

    @Test
    void leavesPausedTimeOutOfDurationsAndAverages() {
        RunDirectory run = RunFixture.run(root, "paused").endedAt(100)
                .event(30, "paused").event(50, "resumed")
                .metric(10, 10L, null, null, 100L)
                .metric(60, 20L, null, null, 700L)
                .metric(70, 30L, null, null, 1000L)
                .gpu(35, 0, 20, 50, 20)
                .gpu(40, 0, 20, 50, 20)
                .gpu(60, 80, 20, 50, 20)
                .gpu(70, 100, 20, 50, 20)
                .write();

        RunAnalytics analytics = analyzer.analyze(run);

        assertThat(analytics.duration()).isEqualTo(new RunDuration(80.0, 0.0222, 1.333, 20.0, 100.0));
        // 600 samples over the 30 active seconds from t=10 to t=60, then 300 over 10 s.
        assertThat(analytics.performance().averageSamplesPerSecond()).isEqualTo(25.0);
        assertThat(analytics.performance().peakSamplesPerSecond()).isEqualTo(30.0);
        assertThat(analytics.performance().averageIterationTimeSeconds()).isEqualTo(2.0);
        assertThat(analytics.resourceUtilization().averageGpuUtilizationPercent())
                .as("the samples taken while paused are left out").isEqualTo(90.0);
        assertThat(analytics.resourceUtilization().peakGpuUtilizationPercent()).isEqualTo(100.0);
    }

    @Test
    void reportsNullNotZeroForARunWithoutAGpu() {
        RunDirectory run = RunFixture.run(root, "cpu").endedAt(20)
                .withoutGpu("libnvidia-ml.so.1 not found (no NVIDIA driver installed?)")
                .metric(10, 1L, 1.0, 50.0, null)
                .metric(20, 2L, 0.5, 100.0, null)
                .write();

        RunAnalytics analytics = analyzer.analyze(run);

        assertThat(analytics.telemetryAvailable()).isFalse();
        assertThat(analytics.telemetryUnavailableReason()).contains("libnvidia-ml.so.1");
        assertThat(analytics.resourceUtilization())
                .isEqualTo(new ResourceUtilization(null, null, null, null, null, null, null, 0, 0));
        assertThat(analytics.performance().totalSamples()).isNull();
        assertThat(analytics.efficiency()).isEqualTo(new EfficiencyScores(null, 75.0, 75.0));
        assertThat(analytics.checkpoints().count()).isZero();
    }

    @Test
    void measuresAFailedRunUpToItsEnd() {
        RunDirectory run = RunFixture.run(root, "crashed").status(RunStatus.FAILED, 1).endedAt(42)
                .loss(5, 1, 3.0).write();

        RunAnalytics analytics = analyzer.analyze(run);

        assertThat(analytics.status()).isEqualTo("failed");
        assertThat(analytics.exitCode()).isEqualTo(1);
        assertThat(analytics.duration().totalSeconds()).isEqualTo(42.0);
        assertThat(analytics.losses()).isEqualTo(new LossStats(3.0, 3.0, 3.0, 0.0, 0));
        assertThat(analytics.performance()).isEqualTo(new Performance(null, null, null, null, 1L));
        assertThat(analytics.efficiency()).isEqualTo(new EfficiencyScores(null, null, null));
    }

    @Test
    void measuresARunningRunUpToNow() {
        RunAnalytics analytics = analyzer.analyze(RunFixture.run(root, "live").status(RunStatus.RUNNING, null)
                .write());

        assertThat(analytics.status()).isEqualTo("running");
        assertThat(analytics.endedAt()).isNull();
        assertThat(analytics.exitCode()).isNull();
        assertThat(analytics.duration().totalSeconds()).isEqualTo(60.0);
    }

    @Test
    void flagsNonFiniteLossesAndLeavesThemOutOfTheLossFigures() {
        RunDirectory run = RunFixture.run(root, "nan").endedAt(10)
                .loss(1, 1, 2.0).loss(2, 2, 1.8).loss(3, 3, Double.NaN).loss(4, 4, Double.POSITIVE_INFINITY)
                .loss(5, 5, 1.5).loss(6, 6, Double.NaN)
                .write();

        RunAnalytics analytics = analyzer.analyze(run);

        assertThat(analytics.losses()).isEqualTo(new LossStats(2.0, 1.5, 1.5, 25.0, 3));
        assertThat(analytics.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(Alert.LOSS_NOT_FINITE);
            assertThat(alert.severity()).isEqualTo("critical");
            assertThat(alert.step()).isEqualTo(3L);
            assertThat(alert.firstSeen()).isEqualTo("2026-01-01T00:00:03Z");
            assertThat(alert.message()).contains("NaN at step 3", "3 non-finite");
        });
    }

    @Test
    void flagsALossThatDiverged() {
        RunDirectory run = RunFixture.run(root, "diverged").endedAt(10)
                .loss(1, 1, 1.0).loss(2, 2, 1.2).loss(3, 3, 1.4).loss(4, 4, 1.6).loss(5, 5, 2.0)
                .write();

        List<Alert> alerts = analyzer.analyze(run).alerts();

        assertThat(alerts).extracting(Alert::kind).containsExactly(Alert.LOSS_DIVERGED);
        assertThat(alerts.get(0).value()).isEqualTo(2.0);
        assertThat(alerts.get(0).threshold()).isEqualTo(1.5);
    }

    @Test
    void doesNotJudgeDivergenceOnTooFewPoints() {
        RunDirectory run = RunFixture.run(root, "short").endedAt(10)
                .loss(1, 1, 1.0).loss(2, 2, 1.2).loss(3, 3, 1.4).loss(4, 4, 3.0)
                .write();

        assertThat(analyzer.analyze(run).alerts()).isEmpty();
    }

    @Test
    void flagsIdleThrottledAndFullGpusEachByIndex() {
        RunFixture fixture = RunFixture.run(root, "gpu-trouble").endedAt(200);
        for (int t = 0; t < 30; t += 10) {
            fixture.gpu(t, 0, 0, 100, 40, 60, b -> b.clockEventReasons(List.of()));
        }
        for (int i = 0; i < 12; i++) {
            List<String> reasons = i < 5 ? List.of("hw_thermal_slowdown") : i == 5 ? List.of("sw_power_cap") : List.of();
            fixture.gpu(30 + 10 * i, 0, 5, 100, 85, 100, b -> b.clockEventReasons(reasons));
            fixture.gpu(30 + 10 * i, 1, 95, i == 7 ? 960 : 500, 60, 300, UnaryOperator.identity());
        }

        List<Alert> alerts = analyzer.analyze(fixture.write()).alerts();

        assertThat(alerts).extracting(Alert::kind, Alert::gpu).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Alert.GPU_IDLE, 0),
                org.assertj.core.groups.Tuple.tuple(Alert.THERMAL_THROTTLING, 0),
                org.assertj.core.groups.Tuple.tuple(Alert.GPU_MEMORY_NEAR_FULL, 1));
        Alert idle = alerts.get(0);
        assertThat(idle.value()).as("12 of 12 judged samples idle; the 3 warm-up samples are not judged")
                .isEqualTo(1.0);
        assertThat(idle.firstSeen()).isEqualTo("2026-01-01T00:00:30Z");
        assertThat(alerts.get(1).value()).as("5 of 15 samples").isCloseTo(0.3333, within(1e-4));
        assertThat(alerts.get(2).value()).isEqualTo(0.96);
        assertThat(alerts.get(2).firstSeen()).isEqualTo("2026-01-01T00:01:40Z");
    }

    @Test
    void skipsMalformedRecordsAndSaysSo() throws IOException {
        RunDirectory run = completedRun("messy", true).write();
        Files.writeString(run.file("metrics.jsonl"), "garbage\n{\"time\": " + (T0 + 95) + ", \"lo",
                StandardOpenOption.APPEND);

        RunAnalytics analytics = analyzer.analyze(run);

        assertThat(analytics.losses().finalLoss()).isEqualTo(0.8);
        assertThat(analytics.dataQuality().malformedRecords()).isEqualTo(1);
        assertThat(analytics.dataQuality().truncatedFiles()).containsExactly("metrics.jsonl");
        assertThat(analytics.dataQuality().problems()).singleElement().asString()
                .startsWith("metrics.jsonl:6: Unrecognized token 'garbage'");
    }
}
