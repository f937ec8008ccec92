package io.jenkins.plugins.gputraining.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.fixtures.AnalyzedRuns;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunSummary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSummaryTest {
    @TempDir
    Path temp;

    @Test
    void keepsTheFiguresPagesNeedFromTheAnalytics() {
        RunAnalytics analytics = AnalyzedRuns.completed(temp.resolve("run"), "run", 0.5, 95.0);

        TrainingSummary summary = TrainingSummary.of(analytics);

        assertThat(summary.getRunId()).isEqualTo("run");
        assertThat(summary.getStatus()).isEqualTo("completed");
        assertThat(summary.isFinished()).isTrue();
        assertThat(summary.getFinalLoss()).isEqualTo(analytics.losses().finalLoss()).isEqualTo(0.5);
        assertThat(summary.getBestLoss()).isEqualTo(0.5);
        assertThat(summary.getThroughput()).isEqualTo(400.0);
        assertThat(summary.getGpuUtilization()).isEqualTo(analytics.resourceUtilization()
                .averageGpuUtilizationPercent());
        assertThat(summary.getOverallScore()).isEqualTo(analytics.efficiency().overallScore());
        assertThat(summary.getSteps()).isEqualTo(20L);
        assertThat(summary.getExitCode()).isZero();
        assertThat(summary.getBand()).isEqualTo(EfficiencyBand.of(analytics.efficiency().overallScore()));
    }

    @Test
    void unknownFiguresStayUnknown() {
        RunAnalytics analytics = AnalyzedRuns.completed(temp.resolve("run"), "run", 0.5, null);

        TrainingSummary summary = TrainingSummary.of(analytics);

        assertThat(summary.getGpuUtilization()).isNull();
        assertThat(summary.getEnergyWh()).isNull();
        assertThat(TrainingSummary.running("x", null, null).getFinalLoss()).isNull();
        assertThat(TrainingSummary.running("x", null, null).getDisplayName()).isEqualTo("x");
    }

    @Test
    void convertsToTheModelsSummaryAndComparisonInputsUnderAKey() {
        TrainingSummary summary = TrainingSummary.of(AnalyzedRuns.completed(temp.resolve("run"), "run", 0.5, 90.0));

        RunSummary runSummary = summary.toRunSummary("12");
        RunAnalytics comparable = summary.toComparableAnalytics("12");

        assertThat(runSummary.runId()).isEqualTo("12");
        assertThat(runSummary.finalLoss()).isEqualTo(0.5);
        assertThat(comparable.runId()).isEqualTo("12");
        assertThat(comparable.losses().finalLoss()).isEqualTo(0.5);
        assertThat(comparable.performance().averageSamplesPerSecond()).isEqualTo(400.0);
        assertThat(comparable.alerts()).isEmpty();
    }

    @Test
    void survivesSerialisationUnchanged() throws Exception {
        TrainingSummary summary = TrainingSummary.of(AnalyzedRuns.completed(temp.resolve("run"), "run", 0.5, 90.0));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(summary);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(summary);
        }
        assertThat(List.of(summary)).containsExactly(summary);
    }
}
