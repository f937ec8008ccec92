package io.jenkins.plugins.gputraining.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written backpropagation against finite differences, and a loss that falls under SGD. */
class MlpTest {
    private static final double[] X = {0.3, -0.7, -0.2, 0.9, 0.8, 0.1, -0.5, -0.4, 0.05, 0.6};
    private static final int[] Y = {0, 2, 1, 0, 2};
    private static final int[] BATCH = {4, 1, 3, 0, 2};

    private static double loss(final Mlp model) {
        double[] stats = new double[2];
        model.accumulateGradient(X, Y, BATCH, BATCH.length, stats);
        return stats[0];
    }

    @Test
    void gradientMatchesFiniteDifferencesForEveryParameter() {
        Mlp model = new Mlp(2, 5, 3);
        model.initialize(11);
        double[] p = model.parameters();
        Random random = new Random(3);
        for (int i = 0; i < p.length; i++) {
            p[i] += random.nextGaussian() * 0.5; // away from the near-uniform start, so W2's gradient matters
        }
        loss(model);
        double[] analytic = model.gradient().clone();

        double h = 1e-6;
        for (int i = 0; i < p.length; i++) {
            double saved = p[i];
            p[i] = saved + h;
            double plus = loss(model);
            p[i] = saved - h;
            double minus = loss(model);
            p[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            assertThat(analytic[i]).as("dL/dp[%d]", i).isCloseTo(numeric, within(1e-7 + 1e-5 * Math.abs(numeric)));
        }
        assertThat(java.util.Arrays.stream(analytic).map(Math::abs).max().orElseThrow()).as("largest |gradient|")
                .isGreaterThan(1e-2);
    }

    @Test
    void startsNearUniformAndLearnsTheSpirals() {
        SpiralDataset data = new SpiralDataset(999, 5);
        Mlp model = new Mlp(SpiralDataset.INPUTS, 16, SpiralDataset.CLASSES);
        model.initialize(5);
        double[] before = model.evaluate(data.inputs(), data.labels(), data.size());
        assertThat(before[0]).as("initial loss ≈ ln 3").isCloseTo(Math.log(3), within(0.05));

        int[] batch = new int[32];
        double[] stats = new double[2];
        long position = 0;
        for (int step = 0; step < 800; step++) {
            for (int i = 0; i < batch.length; i++) {
                batch[i] = data.sampleAt(position++);
            }
            model.accumulateGradient(data.inputs(), data.labels(), batch, batch.length, stats);
            model.applyGradient(0.1, 0.9);
        }
        double[] after = model.evaluate(data.inputs(), data.labels(), data.size());
        assertThat(after[0]).isLessThan(0.5 * before[0]);
        assertThat(after[1]).as("accuracy").isGreaterThan(0.85);
    }

    @Test
    void predictGivesProbabilities() {
        Mlp model = new Mlp(2, 4, 3);
        model.initialize(1);
        double[] p = model.predict(new double[] {0.5, -0.5});
        assertThat(p).hasSize(3);
        for (double v : p) {
            assertThat(v).isBetween(0.0, 1.0);
        }
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-12));
    }
}
