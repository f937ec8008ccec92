package io.jenkins.plugins.gputraining.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.api.TrainingJson;
import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RowsTest {
    @Test
    void summaryRowsListEveryRunOfTheNewestBuildsUpToTheLimit() {
        List<TrainedBuild> builds = List.of(
                new TrainedBuild(5, "#5", "SUCCESS", List.of(Summaries.completed("a", 0.4, 10.0, 80.0, 60.0, 1.0, 85.0),
                        Summaries.completed("b", 0.6, 10.0, 80.0, 60.0, 1.0, 60.0))),
                new TrainedBuild(4, "#4", "FAILURE", List.of(Summaries.completed("c", 0.4, 10.0, 80.0, 60.0, 1.0, 95.0))));

        List<SummaryRow> rows = SummaryRow.of(builds, 1);

        assertThat(rows).extracting(SummaryRow::key).containsExactly("5", "5.2");
        assertThat(rows.get(0).getBandClass()).isEqualTo("gpu-training-badge--yellow");
        assertThat(rows.get(1).getScore()).isEqualTo("60");
        assertThat(SummaryRow.of(builds, 50)).hasSize(3);
    }

    @Test
    void compareRowsMarkTheWinners() {
        Comparison comparison = TrainingJson.compare(List.of(
                new AbstractMap.SimpleImmutableEntry<>(new RunKey(12, 0),
                        Summaries.completed("a", 0.4, 100.0, 80.0, 600.0, 1.0, 85.0)),
                new AbstractMap.SimpleImmutableEntry<>(new RunKey(15, 0),
                        Summaries.completed("b", 0.3, 50.0, 80.0, 300.0, 1.0, 95.0))));

        List<CompareRow> rows = CompareRow.of(comparison);

        assertThat(rows).extracting(CompareRow::key).containsExactly("12", "15");
        assertThat(rows.get(0).bestThroughput()).isTrue();
        assertThat(rows.get(0).bestLossWinner()).isFalse();
        assertThat(rows.get(1).bestLossWinner()).isTrue();
        assertThat(rows.get(1).fastest()).isTrue();
        assertThat(rows.get(1).mostEfficient()).isTrue();
        assertThat(rows.get(1).getBuild()).isEqualTo(15);
        assertThat(rows.get(1).finalLoss()).isEqualTo("0.3000");
    }

    @Test
    void checkpointRowsLinkOnlyArchivedCheckpoints() {
        List<Checkpoint> checkpoints = List.of(new Checkpoint("checkpoint-500", "out/checkpoint-500", 500L, 1.0,
                2048L, null), new Checkpoint("last.ckpt", "last.ckpt", null, 2.0, null, null));

        List<CheckpointRow> rows = CheckpointRow.of(checkpoints, Set.of("out/checkpoint-500"), "gpu-training/train");

        assertThat(rows.get(0).artifactPath()).isEqualTo("gpu-training/train/checkpoints/out/checkpoint-500");
        assertThat(rows.get(0).isArchived()).isTrue();
        assertThat(rows.get(0).step()).isEqualTo("500");
        assertThat(rows.get(0).size()).isEqualTo("2.0 KiB");
        assertThat(rows.get(1).isArchived()).isFalse();
        assertThat(rows.get(1).step()).isEqualTo(Formats.UNKNOWN);
        assertThat(Map.of("k", rows.get(1).name())).containsEntry("k", "last.ckpt");
    }
}
