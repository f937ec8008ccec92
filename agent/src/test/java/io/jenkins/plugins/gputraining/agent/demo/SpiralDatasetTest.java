package io.jenkins.plugins.gputraining.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SpiralDatasetTest {
    @Test
    void sameSeedSamePointsOtherSeedOtherPoints() {
        SpiralDataset a = new SpiralDataset(300, 7);
        SpiralDataset b = new SpiralDataset(300, 7);
        SpiralDataset c = new SpiralDataset(300, 8);
        assertThat(a.inputs()).isEqualTo(b.inputs());
        assertThat(a.labels()).isEqualTo(b.labels());
        assertThat(a.inputs()).isNotEqualTo(c.inputs());
    }

    @Test
    void threeBalancedClassesInsideTheUnitDisc() {
        SpiralDataset data = new SpiralDataset(301, 1);
        int[] counts = new int[SpiralDataset.CLASSES];
        for (int label : data.labels()) {
            counts[label]++;
        }
        assertThat(counts).containsExactly(101, 100, 100);
        for (int i = 0; i < data.size(); i++) {
            double x = data.inputs()[2 * i];
            double y = data.inputs()[2 * i + 1];
            assertThat(Math.hypot(x, y)).isBetween(0.09, 1.0);
        }
    }

    @Test
    void everyEpochVisitsEverySampleOnceInItsOwnOrder() {
        SpiralDataset data = new SpiralDataset(50, 3);
        int[] epoch0 = IntStream.range(0, 50).map(data::sampleAt).toArray();
        int[] epoch1 = IntStream.range(50, 100).map(data::sampleAt).toArray();
        assertThat(Arrays.stream(epoch0).sorted().toArray()).isEqualTo(IntStream.range(0, 50).toArray());
        assertThat(Arrays.stream(epoch1).sorted().toArray()).isEqualTo(IntStream.range(0, 50).toArray());
        assertThat(epoch1).isNotEqualTo(epoch0);
    }

    @Test
    void theOrderDependsOnlyOnThePosition() {
        SpiralDataset sequential = new SpiralDataset(50, 3);
        int[] expected = IntStream.range(0, 200).map(sequential::sampleAt).toArray();
        SpiralDataset jumping = new SpiralDataset(50, 3);
        assertThat(jumping.sampleAt(170)).isEqualTo(expected[170]);
        assertThat(jumping.sampleAt(3)).isEqualTo(expected[3]);
        assertThat(jumping.sampleAt(120)).isEqualTo(expected[120]);
    }

    @Test
    void refusesTooFewSamples() {
        assertThatThrownBy(() -> new SpiralDataset(2, 1)).hasMessageContaining("at least 3");
    }
}
