package io.jenkins.plugins.gputraining.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.runner.parse.Observation;
import io.jenkins.plugins.gputraining.runner.parse.OutputFormat;
import io.jenkins.plugins.gputraining.runner.parse.ProgressHints;
import io.jenkins.plugins.gputraining.runner.parse.ProgressReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's training log: what the agent's reader makes of it. */
class TrainingLogLinesTest {
    @Test
    void everyLineIsARecordAndEveryHundredthATrainerLogDict() {
        TrainingLogLines log = new TrainingLogLines();
        ProgressReader reader = OutputFormat.auto().reader(ProgressHints.NONE);
        List<Observation> observations = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] line = log.line(i, 1000);
            String text = new String(line, 0, log.length(), StandardCharsets.US_ASCII);
            assertThat(text).endsWith("\n").doesNotContain("\r");
            bytes += log.length();
            reader.line(text.strip(), i, observations::add);
        }
        reader.finish(1000, observations::add);

        assertThat(observations).hasSize(1000);
        assertThat(observations).allSatisfy(observation -> {
            assertThat(observation.loss()).isBetween(0.2, 3.0);
            assertThat(observation.learningRate()).isPositive().isLessThanOrEqualTo(3e-4);
        });
        assertThat(observations.get(0).step()).isEqualTo(1L);
        assertThat(observations.get(0).metric("tokens_per_second")).isEqualTo(41000.0);
        assertThat(observations.stream().filter(observation -> observation.epoch() != null))
                .as("the Trainer dicts").hasSize(10);
        assertThat(bytes / 1000).as("average line length").isBetween(90L, 140L);
        assertThat(new String(log.line(0, 1000), 0, log.length(), StandardCharsets.US_ASCII))
                .startsWith("2025-06-01 12:00:00,100 INFO trainer.py:512 step 1/1000 | loss 2.75000 | lr 3.000e-04");
    }
}
