package io.jenkins.plugins.gputraining.runner.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThroughputEstimatorTest {
    private static Observation at(final double time, final Long step, final Long samples, final Double reported) {
        return new Observation(time, step, null, 1.0, null, reported, samples, Map.of());
    }

    private static Observation step(final double time, final long step) {
        return at(time, step, null, null);
    }

    @Test
    void aReportedRateWins() {
        ThroughputEstimator estimator = new ThroughputEstimator(32);
        estimator.next(at(0, 0L, 0L, null));

        Throughput throughput = estimator.next(at(1, 10L, 320L, 999.0));

        assertThat(throughput.samplesPerSecond()).isEqualTo(999.0);
        assertThat(throughput.source()).isEqualTo(Throughput.Source.REPORTED);
        assertThat(throughput.samples()).isEqualTo(320L);
    }

    @Test
    void elseTheChangeOfReportedSamplesOverTime() {
        ThroughputEstimator estimator = new ThroughputEstimator(32);

        Throughput first = estimator.next(at(100, null, 0L, null));
        Throughput second = estimator.next(at(102, null, 640L, null));

        assertThat(first.samplesPerSecond()).as("one point is no rate").isNull();
        assertThat(first.source()).isEqualTo(Throughput.Source.NONE);
        assertThat(second.samplesPerSecond()).isEqualTo(320.0);
        assertThat(second.source()).isEqualTo(Throughput.Source.SAMPLES);
        assertThat(second.samples()).isEqualTo(640L);
    }

    @Test
    void elseStepsTimesTheBatchSizeOverTime() {
        ThroughputEstimator estimator = new ThroughputEstimator(32);

        estimator.next(step(100, 0));
        Throughput throughput = estimator.next(step(100.5, 10));

        assertThat(throughput.samplesPerSecond()).isEqualTo(640.0);
        assertThat(throughput.source()).isEqualTo(Throughput.Source.STEPS);
        assertThat(throughput.samples()).as("cumulative samples are steps × batch size").isEqualTo(320L);
    }

    @Test
    void withoutABatchSizeStepsGiveNoRateAndNoSamples() {
        ThroughputEstimator estimator = new ThroughputEstimator();

        estimator.next(step(100, 0));
        Throughput throughput = estimator.next(step(101, 10));

        assertThat(throughput).isEqualTo(new Throughput(null, null, Throughput.Source.NONE));
    }

    @Test
    void withoutStepOrSamplesNothingIsDerivable() {
        ThroughputEstimator estimator = new ThroughputEstimator(32);

        estimator.next(at(100, null, null, null));

        assertThat(estimator.next(at(101, null, null, null))).isEqualTo(Throughput.UNKNOWN);
    }

    @Test
    void aRepeatedStepIsNoRateOfZeroAndTheIntervalGoesOn() {
        ThroughputEstimator estimator = new ThroughputEstimator(10);
        estimator.next(step(100, 50));

        Throughput eval = estimator.next(step(105, 50));
        Throughput next = estimator.next(step(110, 100));

        assertThat(eval.samplesPerSecond()).isNull();
        assertThat(next.samplesPerSecond()).as("50 steps × 10 over the 10 s since step 50").isEqualTo(50.0);
    }

    @Test
    void aBurstSeenAtOneInstantIsMeasuredFromTheInstantBefore() {
        ThroughputEstimator estimator = new ThroughputEstimator(1);
        estimator.next(step(100, 99));

        estimator.next(step(110, 149));
        Throughput last = estimator.next(step(110, 199));

        assertThat(last.samplesPerSecond()).as("100 steps in the 10 s before the burst").isEqualTo(10.0);
    }

    @Test
    void aBurstOfLinesYieldsNoSpike() {
        ThroughputEstimator estimator = new ThroughputEstimator(32);
        estimator.next(step(100, 1));

        Throughput burst = estimator.next(step(100.001, 50));
        Throughput later = estimator.next(step(101, 60));

        assertThat(burst.samplesPerSecond()).as("49 steps in a millisecond is a flushed buffer, not a rate").isNull();
        assertThat(later.samplesPerSecond()).as("10 steps since the latest point a quarter second back")
                .isCloseTo(10 / 0.999 * 32, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aCounterGoingBackwardsStartsANewInterval() {
        ThroughputEstimator estimator = new ThroughputEstimator(1);
        estimator.next(step(100, 500));

        Throughput restarted = estimator.next(step(101, 0));
        Throughput after = estimator.next(step(103, 20));

        assertThat(restarted.samplesPerSecond()).isNull();
        assertThat(after.samplesPerSecond()).isEqualTo(10.0);
    }

    @Test
    void restartingTheIntervalSkipsAPause() {
        ThroughputEstimator estimator = new ThroughputEstimator(1);
        estimator.next(step(100, 0));
        estimator.next(step(101, 10));

        estimator.restartInterval();
        Throughput afterResume = estimator.next(step(400, 20));
        Throughput next = estimator.next(step(401, 30));

        assertThat(afterResume.samplesPerSecond()).isNull();
        assertThat(next.samplesPerSecond()).isEqualTo(10.0);
    }

    @Test
    void aNonFiniteReportedRateIsIgnored() {
        ThroughputEstimator estimator = new ThroughputEstimator(1);
        estimator.next(step(100, 0));

        Throughput throughput = estimator.next(at(101, 10L, null, Double.NaN));

        assertThat(throughput.samplesPerSecond()).isEqualTo(10.0);
        assertThat(throughput.source()).isEqualTo(Throughput.Source.STEPS);
    }

    @Test
    void theBatchSizeMustBePositive() {
        assertThatThrownBy(() -> new ThroughputEstimator(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
