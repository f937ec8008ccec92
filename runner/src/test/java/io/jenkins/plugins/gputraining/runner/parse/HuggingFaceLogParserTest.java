package io.jenkins.plugins.gputraining.runner.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * HuggingFace Trainer log dicts. The lines are written the way transformers' ProgressCallback prints them:
 * {@code str(logs)}, with floats bare in 4.x and formatted as {@code f"{v:.4g}"} strings in 5.x.
 */
class HuggingFaceLogParserTest {
    private static final double SEEN = 1_767_225_600.0;

    private final HuggingFaceLogParser parser = new HuggingFaceLogParser();

    private Observation parse(final String line) {
        return parser.parse(line, SEEN).orElseThrow(() -> new AssertionError("no observation in: " + line));
    }

    @Nested
    class Transformers4BareNumbers {
        @Test
        void readsATrainingLogLine() {
            Observation o = parse("{'loss': 2.3026, 'grad_norm': 1.8254, 'learning_rate': 4.5e-05, 'epoch': 0.1}");

            assertThat(o.time()).isEqualTo(SEEN);
            assertThat(o.loss()).isEqualTo(2.3026);
            assertThat(o.learningRate()).isEqualTo(4.5e-05);
            assertThat(o.epoch()).isEqualTo(0.1);
            assertThat(o.metrics()).containsExactly(entry("grad_norm", 1.8254));
        }

        @Test
        void leavesTheStepUnknownBecauseHfDoesNotPrintIt() {
            Observation o = parse("{'loss': 2.3026, 'learning_rate': 4.5e-05, 'epoch': 0.1}");

            assertThat(o.step()).isNull();
            assertThat(o.samples()).isNull();
            assertThat(o.samplesPerSecond()).isNull();
        }

        @Test
        void takesTheStepWhenAVersionPrintsIt() {
            assertThat(parse("{'loss': 1.5, 'step': 40, 'epoch': 0.4}").step()).isEqualTo(40L);
        }

        @Test
        void keepsNanAndInfinityAsReported() {
            Observation o = parse("{'loss': nan, 'grad_norm': inf, 'learning_rate': 4e-05, 'epoch': 0.2}");

            assertThat(o.loss()).isNaN();
            assertThat(o.metric("grad_norm")).isEqualTo(Double.POSITIVE_INFINITY);
        }

        @Test
        void readsNegativeInfinity() {
            assertThat(parse("{'loss': -inf, 'epoch': 0.2}").loss()).isEqualTo(Double.NEGATIVE_INFINITY);
        }

        @Test
        void readsTheEvalLine() {
            Observation o = parse("{'eval_loss': 2.2871, 'eval_runtime': 0.5123, 'eval_samples_per_second': 195.2, "
                    + "'eval_steps_per_second': 24.4, 'epoch': 1.0}");

            assertThat(o.loss()).as("an eval line reports no training loss").isNull();
            assertThat(o.samplesPerSecond()).as("eval throughput is not training throughput").isNull();
            assertThat(o.epoch()).isEqualTo(1.0);
            assertThat(o.metrics()).containsOnlyKeys("eval_loss", "eval_runtime", "eval_samples_per_second",
                    "eval_steps_per_second");
            assertThat(o.metric("eval_loss")).isEqualTo(2.2871);
        }

        @Test
        void readsTheFinalSummaryLine() {
            Observation o = parse("{'train_runtime': 12.3456, 'train_samples_per_second': 40.51, "
                    + "'train_steps_per_second': 5.064, 'train_loss': 2.1234, 'epoch': 1.0}");

            assertThat(o.metric("train_runtime")).isEqualTo(12.3456);
            assertThat(o.metric("train_samples_per_second")).isEqualTo(40.51);
            assertThat(o.metric("train_loss")).isEqualTo(2.1234);
            assertThat(o.loss()).as("train_loss is the run's mean, not a step's loss").isNull();
            assertThat(o.samplesPerSecond()).as("the run's average is not a point of the throughput curve").isNull();
        }
    }

    @Nested
    class Transformers5QuotedNumbers {
        @Test
        void readsNumbersWrittenAsStrings() {
            Observation o = parse("{'loss': '2.303', 'grad_norm': '1.825', 'learning_rate': '4.5e-05', 'epoch': '0.1'}");

            assertThat(o.loss()).isEqualTo(2.303);
            assertThat(o.learningRate()).isEqualTo(4.5e-05);
            assertThat(o.epoch()).isEqualTo(0.1);
            assertThat(o.metric("grad_norm")).isEqualTo(1.825);
        }

        @Test
        void readsQuotedNanAndInfinity() {
            Observation o = parse("{'loss': 'nan', 'grad_norm': 'inf', 'learning_rate': '4e-05', 'epoch': '0.2'}");

            assertThat(o.loss()).isNaN();
            assertThat(o.metric("grad_norm")).isEqualTo(Double.POSITIVE_INFINITY);
        }

        @Test
        void readsTheFinalSummaryLineWithExponents() {
            Observation o = parse("{'train_runtime': '1.235e+04', 'train_samples_per_second': '40.51', "
                    + "'train_steps_per_second': '5.064', 'train_loss': '2.123', 'epoch': '3'}");

            assertThat(o.metric("train_runtime")).isEqualTo(12350.0);
            assertThat(o.metric("train_loss")).isEqualTo(2.123);
            assertThat(o.epoch()).isEqualTo(3.0);
        }

        @Test
        void keepsBareIntegersBesideQuotedFloats() {
            Observation o = parse("{'loss': '0.75', 'num_input_tokens_seen': 40960, 'epoch': '0.5'}");

            assertThat(o.metric("num_input_tokens_seen")).isEqualTo(40960.0);
        }

        @Test
        void ignoresAStringTooLongToDisplay() {
            Observation o = parse("{'loss': '0.75', 'sample_text': '[String too long to display, length: 5000 > 1000. "
                    + "Consider increasing `max_str_len` if needed.]', 'epoch': '0.5'}");

            assertThat(o.metrics()).isEmpty();
        }
    }

    @Nested
    class WhereTheDictSits {
        @Test
        void afterATqdmBarFragment() {
            Observation o = parse(" 10%|█         | 5/50 [00:01<00:09,  4.87it/s]{'loss': 2.3026, 'learning_rate': "
                    + "4.5e-05, 'epoch': 0.1}");

            assertThat(o.loss()).isEqualTo(2.3026);
        }

        @Test
        void afterALoggerPrefix() {
            assertThat(parse("INFO:__main__:{'loss': 1.25, 'epoch': 0.3}").loss()).isEqualTo(1.25);
            assertThat(parse("[rank0]: {'loss': '1.25', 'epoch': '0.3'}").loss()).isEqualTo(1.25);
            assertThat(parse("2026-01-01 10:00:00,123 - train - metrics={'loss': 1.25, 'epoch': 0.3} (ok)").loss())
                    .isEqualTo(1.25);
        }

        @Test
        void afterAnotherBraceThatOpensNoDict() {
            assertThat(parse("step {5} done {'loss': 0.5, 'epoch': 0.05}").loss()).isEqualTo(0.5);
        }
    }

    @Nested
    class ValuesThatAreNotNumbers {
        @Test
        void areSkippedWhileTheNumbersAreKept() {
            Observation o = parse("{'loss': 1.5, 'epoch': 0.3, 'is_best': True, 'note': None, 'tags': ['a', 'b'], "
                    + "'nested': {'x': 1}, 'name': 'run-1'}");

            assertThat(o.loss()).isEqualTo(1.5);
            assertThat(o.metrics()).isEmpty();
        }

        @Test
        void exceptATensorOrNumpyScalarWhoseValueIsKept() {
            Observation o = parse("{'loss': 2.1, 'grad_norm': tensor(1.5, device='cuda:0'), "
                    + "'learning_rate': np.float64(5e-05), 'epoch': 0.5}");

            assertThat(o.metric("grad_norm")).isEqualTo(1.5);
            assertThat(o.learningRate()).isEqualTo(5e-05);
        }

        @Test
        void doubleQuotedKeysAndJsonLiteralsWork() {
            Observation o = parse("{\"loss\": 0.5, \"epoch\": 1, \"done\": false, \"x\": null}");

            assertThat(o.loss()).isEqualTo(0.5);
            assertThat(o.metrics()).isEmpty();
        }
    }

    @Nested
    class LinesThatAreNoTrainingLog {
        @Test
        void withoutABrace() {
            assertThat(parser.parse("Loading checkpoint shards: 100%|██████████| 2/2", SEEN)).isEmpty();
        }

        @Test
        void aConfigurationDictPrintedAtStartUp() {
            assertThat(parser.parse("{'model_name': 'bert-base', 'hidden_size': 768, 'num_layers': 12}", SEEN))
                    .isEmpty();
        }

        @Test
        void bracesThatAreNoDict() {
            assertThat(parser.parse("Using {device} for {task}", SEEN)).isEmpty();
            assertThat(parser.parse("{'loss': 2.3, 'epoch'", SEEN)).as("a torn line").isEmpty();
            assertThat(parser.parse("{}", SEEN)).isEmpty();
            assertThat(parser.parse("{'loss': <object at 0x7f>}", SEEN)).isEmpty();
        }
    }
}
