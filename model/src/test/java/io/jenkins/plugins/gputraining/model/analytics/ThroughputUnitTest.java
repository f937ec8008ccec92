package io.jenkins.plugins.gputraining.model.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The performance figures say which unit the throughput is in: samples/s, else tokens/s, else steps/s. */
class ThroughputUnitTest {
    @TempDir
    Path root;

    private final RunAnalyzer analyzer = new RunAnalyzer();

    private static MetricRecord record(final double offset, final long step, final Double samplesPerSecond,
                                       final Double tokensPerSecond, final Double stepsPerSecond) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        if (tokensPerSecond != null) {
            extra.put("tokens_per_second", DoubleNode.valueOf(tokensPerSecond));
        }
        if (stepsPerSecond != null) {
            extra.put("steps_per_second", DoubleNode.valueOf(stepsPerSecond));
        }
        return new MetricRecord(RunFixture.T0 + offset, step, null, 1.0, null, samplesPerSecond, null, extra);
    }

    private Performance performance(final String id, final MetricRecord... records) {
        RunFixture fixture = RunFixture.run(root, id).endedAt(100).withoutGpu("none");
        for (MetricRecord record : records) {
            fixture.metric(record);
        }
        RunDirectory run = fixture.write();
        return analyzer.analyze(run).performance();
    }

    @Test
    void samplesPerSecondWhenTheRunReportsThem() {
        // Each reported rate covers the seconds since the previous record (docs/analytics.md): 300/s for 10 s, then
        // 100/s for 10 s.
        Performance performance = performance("samples", record(10, 10, 100.0, 5000.0, 2.0),
                record(20, 20, 300.0, 7000.0, 4.0), record(30, 30, 100.0, 7000.0, 4.0));

        assertThat(performance.throughputUnit()).isEqualTo("samples/s");
        assertThat(performance.averageThroughput()).isEqualTo(200.0).isEqualTo(performance.averageSamplesPerSecond());
        assertThat(performance.peakThroughput()).isEqualTo(300.0);
    }

    @Test
    void tokensPerSecondWithoutSamples() {
        Performance performance = performance("tokens", record(10, 10, null, 5000.0, 2.0),
                record(20, 20, null, 7000.0, 4.0));

        assertThat(performance.throughputUnit()).isEqualTo("tokens/s");
        assertThat(performance.averageThroughput()).isEqualTo(6000.0);
        assertThat(performance.peakThroughput()).isEqualTo(7000.0);
        assertThat(performance.averageSamplesPerSecond()).as("no samples/s invented").isNull();
    }

    @Test
    void stepsPerSecondWhenThatIsAllThereIsAndTheThroughputScoreUsesThem() {
        RunFixture fixture = RunFixture.run(root, "steps").endedAt(100).withoutGpu("none")
                .metric(record(10, 10, null, null, 40.0)).metric(record(20, 20, null, null, 50.0));
        RunAnalytics analytics = analyzer.analyze(fixture.write());

        assertThat(analytics.performance().throughputUnit()).isEqualTo("steps/s");
        assertThat(analytics.performance().averageThroughput()).isEqualTo(45.0);
        assertThat(analytics.efficiency().throughputScore()).isEqualTo(90.0);
        assertThat(AnalyticsJson.toTree(analytics).at("/performance/throughput_unit").asText()).isEqualTo("steps/s");
    }

    @Test
    void noUnitWithoutThroughput() {
        Performance performance = performance("none", record(10, 10, null, null, null));

        assertThat(performance.throughputUnit()).isNull();
        assertThat(performance.averageThroughput()).isNull();
        assertThat(performance.peakThroughput()).isNull();
    }
}
