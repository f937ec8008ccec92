package io.jenkins.plugins.gputraining.runner.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricRecordMapperTest {
    private static final double SEEN = 1_767_225_600.0;

    @Test
    void carriesTheFieldsAndTheOtherMetrics() {
        Observation observation = new HuggingFaceLogParser()
                .parse("{'loss': '2.303', 'grad_norm': 'nan', 'learning_rate': '4.5e-05', 'epoch': '0.1'}", SEEN)
                .orElseThrow();

        MetricRecord record = MetricRecordMapper.toRecord(observation);

        assertThat(record.time()).isEqualTo(SEEN);
        assertThat(record.loss()).isEqualTo(2.303);
        assertThat(record.learningRate()).isEqualTo(4.5e-05);
        assertThat(record.epoch()).isEqualTo(0.1);
        assertThat(record.step()).isNull();
        assertThat(record.extra()).containsOnlyKeys("grad_norm");
        assertThat(record.metric("grad_norm")).isNaN();
    }

    @Test
    void fillsInDerivedThroughputButKeepsReportedValues() {
        Observation derived = new Observation(SEEN, 10L, null, 1.0, null, null, null, Map.of());
        Observation reported = new Observation(SEEN, 10L, null, 1.0, null, 50.0, 500L, Map.of());
        Throughput estimate = new Throughput(320.0, 320L, Throughput.Source.STEPS);

        assertThat(MetricRecordMapper.toRecord(derived, estimate).samplesPerSecond()).isEqualTo(320.0);
        assertThat(MetricRecordMapper.toRecord(derived, estimate).samples()).isEqualTo(320L);
        assertThat(MetricRecordMapper.toRecord(reported, estimate).samplesPerSecond()).isEqualTo(50.0);
        assertThat(MetricRecordMapper.toRecord(reported, estimate).samples()).isEqualTo(500L);
    }

    @Test
    void survivesTheModelsWriterAndReaderNonFiniteValuesIncluded(@TempDir final Path dir) throws IOException {
        Observation observation = new JsonLineParser()
                .parse("{\"step\": 5, \"loss\": NaN, \"grad_norm\": Infinity, \"eval_loss\": 1.25}", SEEN)
                .orElseThrow();
        try (RunWriter writer = RunWriter.open(dir)) {
            writer.appendMetric(MetricRecordMapper.toRecord(observation));
        }

        String line = Files.readString(dir.resolve(ProgressFormat.METRICS_FILE));
        List<MetricRecord> read = new ArrayList<>();
        RunDirectory.at(dir).readMetrics(read::add);

        assertThat(line).as("standard JSON: non-finite numbers spelled as strings")
                .contains("\"loss\":\"NaN\"", "\"grad_norm\":\"Infinity\"").doesNotContain(":NaN", ":Infinity");
        assertThat(read).singleElement().satisfies(record -> {
            assertThat(record.step()).isEqualTo(5L);
            assertThat(record.loss()).isNaN();
            assertThat(record.metric("grad_norm")).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(record.metric("eval_loss")).isEqualTo(1.25);
        });
    }
}
