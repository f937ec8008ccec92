package io.jenkins.plugins.gputraining.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.runner.parse.Observation;
import io.jenkins.plugins.gputraining.runner.parse.OutputFormat;
import io.jenkins.plugins.gputraining.runner.parse.ProgressParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's training log: what the agent's parser makes of it. */
class TrainingLogLinesTest {
    @Test
    void everyHundredthLineIsATrainerLogDictTheAgentRecords() {
        TrainingLogLines log = new TrainingLogLines();
        ProgressParser parser = OutputFormat.auto().parser();
        List<Observation> observations = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] line = log.line(i, 1000);
            String text = new String(line, 0, log.length(), StandardCharsets.US_ASCII);
            assertThat(text).endsWith("\n").doesNotContain("\r");
            bytes += log.length();
            parser.parse(text.strip(), i).ifPresent(observations::add);
        }

        assertThat(observations).hasSize(10);
        assertThat(observations.get(0).loss()).isBetween(0.2, 3.0);
        assertThat(observations.get(0).learningRate()).isBetween(1e-6, 3e-4);
        assertThat(bytes / 1000).as("average line length").isBetween(90L, 140L);
        assertThat(new String(log.line(0, 1000), 0, log.length(), StandardCharsets.US_ASCII))
                .startsWith("2025-06-01 12:00:00,100 INFO trainer.py:512 step 1/1000 | loss 2.75000 | lr 3.000e-04");
    }
}
