package io.jenkins.plugins.gputraining.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gputraining.fixtures.AnalyzedRuns;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityGatesTest {
    @TempDir
    Path temp;

    @Test
    void passesWhenEveryFigureIsWithinItsThreshold() {
        RunAnalytics run = AnalyzedRuns.completed(temp.resolve("run"), "run", 0.4, 95.0);
        QualityGates gates = new QualityGates(0.5, 80.0, 100.0, 50.0, AlertGate.ANY, GateResult.FAILURE);

        GateOutcome outcome = gates.evaluate(run);

        assertThat(outcome.isPassed()).isTrue();
        assertThat(outcome.result()).isEqualTo(GateResult.SUCCESS);
        assertThat(outcome.failures()).isEmpty();
    }

    @Test
    void failingGatesSayWhyAndSetTheConfiguredResult() {
        RunAnalytics run = AnalyzedRuns.completed(temp.resolve("run"), "run", 0.9, 40.0);
        QualityGates gates = new QualityGates(0.5, 60.0, 1000.0, null, AlertGate.NONE, GateResult.UNSTABLE);

        GateOutcome outcome = gates.evaluate(run);

        assertThat(outcome.result()).isEqualTo(GateResult.UNSTABLE);
        assertThat(outcome.failures()).containsExactly(
                "final loss 0.9000 is above maxFinalLoss 0.5000",
                "mean GPU utilisation 40.0 % is below minGpuUtilization 60 %",
                "mean throughput 400.0 samples/s is below minThroughput 1000 samples/s");
    }

    @Test
    void unknownFiguresAreNotJudgedButNoted() {
        RunAnalytics run = AnalyzedRuns.completed(temp.resolve("run"), "run", 0.4, null);
        QualityGates gates = new QualityGates(null, 60.0, null, null, AlertGate.NONE, GateResult.FAILURE);

        GateOutcome outcome = gates.evaluate(run);

        assertThat(outcome.isPassed()).isTrue();
        assertThat(outcome.notes()).singleElement().asString().startsWith("minGpuUtilization not judged");
    }

    @Test
    void alertsFailTheGateWhenAsked() {
        // A loss that rises 4x: the model raises a critical loss_diverged alert.
        RunAnalytics run = AnalyzedRuns.analyze(AnalyzedRuns.completedRun(temp.resolve("run"), "run", 20, 1.0, 4.0,
                100.0, 90.0));
        assertThat(run.alerts()).isNotEmpty();

        assertThat(new QualityGates(null, null, null, null, AlertGate.CRITICAL, null).evaluate(run).failures())
                .singleElement().asString().startsWith("critical alert loss_diverged");
        assertThat(new QualityGates(null, null, null, null, AlertGate.NONE, null).evaluate(run).isPassed()).isTrue();
        assertThat(QualityGates.none().isEmpty()).isTrue();
    }

    @Test
    void badThresholdsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new QualityGates(null, 120.0, null, null, null, null))
                .hasMessage("minGpuUtilization must be between 0 and 100, was 120.0");
        assertThatThrownBy(() -> new QualityGates(Double.NaN, null, null, null, null, null))
                .hasMessageContaining("maxFinalLoss must be a finite number");
        assertThatThrownBy(() -> new QualityGates(null, null, -1.0, null, null, null))
                .hasMessageContaining("minThroughput must be 0 or more");
        assertThatThrownBy(() -> AlertGate.parse("some")).hasMessageContaining("none, any or critical");
        assertThatThrownBy(() -> GateResult.parseFailureResult("SUCCESS"))
                .hasMessageContaining("UNSTABLE or FAILURE");
        assertThat(GateResult.parseFailureResult(null)).isEqualTo(GateResult.UNSTABLE);
        assertThat(GateResult.parseFailureResult("failure")).isEqualTo(GateResult.FAILURE);
        assertThat(AlertGate.parse("Critical")).isEqualTo(AlertGate.CRITICAL);
        assertThat(GateResult.UNSTABLE.worst(GateResult.FAILURE)).isEqualTo(GateResult.FAILURE);
    }
}
