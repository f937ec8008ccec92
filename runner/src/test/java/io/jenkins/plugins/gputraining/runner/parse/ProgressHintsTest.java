package io.jenkins.plugins.gputraining.runner.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressHintsTest {
    @Test
    void readsTheBatchSizeArgumentsTrainingScriptsUse() {
        assertThat(ProgressHints.of(null, List.of("python3", "main.py", "--batch-size", "32")).commandBatchSize())
                .isEqualTo(32);
        assertThat(ProgressHints.of(null, List.of("python3", "train.py", "--batch_size=12")).commandBatchSize())
                .isEqualTo(12);
        assertThat(ProgressHints.of(null, List.of("python3", "train.py", "-b", "8", "-j", "0")).commandBatchSize())
                .isEqualTo(8);
        assertThat(ProgressHints.of(null, List.of("run.py", "--per_device_train_batch_size", "16",
                "--gradient_accumulation_steps", "4"))).satisfies(hints -> {
                    assertThat(hints.commandBatchSize()).isEqualTo(16);
                    assertThat(hints.commandAccumulation()).isEqualTo(4);
                });
    }

    @Test
    void ignoresWhatIsNoPositiveCountAndOtherSizes() {
        assertThat(ProgressHints.of(null, List.of("train.py", "--batch-size", "auto", "--test-batch-size", "1000",
                "-b", "-1", "--eval_batch_size=64")).commandBatchSize()).isNull();
        assertThat(ProgressHints.of(null, List.of("train.py")).commandAccumulation()).isNull();
    }

    @Test
    void keepsTheAgentsOwnBatchSize() {
        assertThat(ProgressHints.of(64, List.of("train.py", "--batch-size", "32")).batchSize()).isEqualTo(64);
        assertThat(ProgressHints.NONE.batchSize()).isNull();
    }
}
