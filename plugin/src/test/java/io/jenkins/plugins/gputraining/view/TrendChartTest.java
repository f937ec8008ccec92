package io.jenkins.plugins.gputraining.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendChartTest {
    private static TrainedBuild build(final int number, final TrainingSummary... runs) {
        return new TrainedBuild(number, "#" + number, "SUCCESS", List.of(runs));
    }

    @Test
    void chartsEachBuildsFirstFinishedRunOldestFirst() {
        List<TrainedBuild> newestFirst = List.of(
                build(3, Summaries.completed("c", 0.3, 300.0, 90.0, 600.0, 10.0, 91.0)),
                new TrainedBuild(2, "#2", null, List.of(TrainingSummary.running("live", null, null))),
                build(1, Summaries.completed("a", 0.5, 100.0, null, 1200.0, null, 50.0),
                        Summaries.completed("a2", 9.0, 1.0, 1.0, 1.0, 1.0, 1.0)));

        JsonNode trend = TrendChart.toTree(newestFirst, 50);

        assertThat(trend.get("builds")).extracting(node -> node.get("number").asInt()).containsExactly(1, 3);
        assertThat(trend.get("builds").get(0).get("label").asText()).isEqualTo("#1");
        JsonNode metrics = trend.get("metrics");
        assertThat(metrics).extracting(node -> node.get("id").asText()).containsExactlyElementsOf(
                TrendChart.metricIds());
        assertThat(metrics.get(0).get("values").toString()).isEqualTo("[0.5,0.3]");
        assertThat(metrics.get(1).get("values").toString()).isEqualTo("[100.0,300.0]");
        assertThat(metrics.get(2).get("values").toString()).as("unknown is a gap, not 0").isEqualTo("[null,90.0]");
        assertThat(metrics.get(3).get("values").toString()).as("minutes").isEqualTo("[20.0,10.0]");
        assertThat(metrics.get(4).get("values").toString()).isEqualTo("[null,10.0]");
    }

    @Test
    void isCappedToTheLimit() {
        List<TrainedBuild> many = new ArrayList<>();
        for (int number = 200; number >= 1; number--) {
            many.add(build(number, Summaries.completed("r", 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)));
        }

        JsonNode trend = TrendChart.toTree(many, TrendChart.DEFAULT_BUILDS);

        assertThat(trend.get("builds")).hasSize(50);
        assertThat(trend.get("builds").get(0).get("number").asInt()).isEqualTo(151);
        assertThat(trend.get("builds").get(49).get("number").asInt()).isEqualTo(200);
        assertThat(TrendChart.toTree(many, 100_000).get("builds")).hasSize(200);
    }

    @Test
    void emptyJobHasAnEmptyTrend() {
        assertThat(TrendChart.toJson(List.of(), 50)).contains("\"builds\":[]");
    }
}
