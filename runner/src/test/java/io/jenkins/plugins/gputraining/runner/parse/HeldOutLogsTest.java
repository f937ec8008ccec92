package io.jenkins.plugins.gputraining.runner.parse;

import static io.jenkins.plugins.gputraining.runner.parse.LogReplay.command;
import static io.jenkins.plugins.gputraining.runner.parse.LogReplay.losses;
import static io.jenkins.plugins.gputraining.runner.parse.LogReplay.replay;
import static io.jenkins.plugins.gputraining.runner.parse.LogReplay.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Logs the console reader was not tuned on (src/test/resources/parse/held-out: other seeds, sizes, options and
 * display modes of the same programs), checked against their truth only. A failure here is a format the reader
 * does not understand in general, not a sample to special-case.
 */
class HeldOutLogsTest {
    private static final String DIR = "held-out/";

    private static long lastStep(final List<Observation> records) {
        return records.stream().filter(record -> record.step() != null).mapToLong(Observation::step).max().orElse(-1);
    }

    @Nested
    class ScikitLearnMlpWithEarlyStopping {
        private final Truth truth = Truth.of(DIR + "sklearn-mlp-2/truth.json");
        private final List<Observation> records = replay(DIR + "sklearn-mlp-2/output.log",
                command("python3", "run.py", "7", "v2", "truth.json"));

        @Test
        void lossesAtEveryIterationAndValidationScoresAsMetrics() {
            Printed.decimals(8).assertAtTheirSteps(losses(records), truth, "/losses", 0);
            assertThat(losses(records)).hasSize((int) truth.integer("/steps"));
            List<Observation> scores = with(records, "validation_score");
            List<double[]> expected = truth.rows("/validation_scores");
            assertThat(scores).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                Printed.decimals(6).assertMatches(scores.get(i).metric("validation_score"), expected.get(i)[1],
                        "validation score " + i);
                assertThat(scores.get(i).loss()).isNull();
            }
        }
    }

    @Nested
    class XgboostMulticlassEveryFifthRound {
        private final Truth truth = Truth.of(DIR + "xgboost-2/truth.json");
        private final List<Observation> records = replay(DIR + "xgboost-2/output.log",
                command("python3", "run.py", "v2"));

        @Test
        void theTrainingSetsLogLossAtEachPrintedRound() {
            Printed.decimals(5).assertAtTheirSteps(losses(records), truth, "/losses", 1);
            assertThat(lastStep(records)).isEqualTo(truth.integer("/steps"));
        }

        @Test
        void theValidationSetIsAnEvaluationMetric() {
            for (Observation record : losses(records)) {
                Printed.decimals(5).assertMatches(record.metric("valid-mlogloss"),
                        truth.lookup("/eval_losses", record.step() - 1), "valid at " + record.step());
            }
        }
    }

    @Nested
    class TqdmStepBarWithThrottledPostfix {
        private final Truth truth = Truth.of(DIR + "torch-tqdm-2/truth.json");
        private final List<Observation> records = replay(DIR + "torch-tqdm-2/output.log",
                command("python3", "train.py", "5", "truth.json"));

        @Test
        void eachFrameWithANewPostfixIsARecordAtTheBarsStep() {
            Printed.decimals(4).assertAtTheirSteps(losses(records), truth, "/losses", 0);
            assertThat(lastStep(records)).isEqualTo(truth.integer("/steps"));
        }

        @Test
        void linesWrittenAboveTheBarAreEvaluations() {
            List<double[]> evals = truth.rows("/eval_losses");
            List<Observation> parsed = with(records, "val_loss");

            assertThat(parsed).hasSameSizeAs(evals);
            for (int i = 0; i < evals.size(); i++) {
                assertThat(parsed.get(i).step()).isEqualTo((long) evals.get(i)[0]);
                Printed.decimals(4).assertMatches(parsed.get(i).metric("val_loss"), evals.get(i)[1], "eval " + i);
            }
        }
    }

    @Nested
    class PytorchExamplesMnistWithItsBatchSizeOnTheCommandLine {
        private final Truth truth = Truth.of(DIR + "pytorch-examples-mnist-2/truth.json");
        private final List<Observation> records = replay(DIR + "pytorch-examples-mnist-2/output.log",
                command("python3", "main.py", "--batch-size", "32", "--test-batch-size", "100", "--epochs", "3",
                        "--log-interval", "10", "--lr", "0.5", "--gamma", "0.5", "--seed", "7"));

        @Test
        void stepsComeFromTheSampleCounterAndTheCommandsBatchSize() {
            Printed.decimals(6).assertAtTheirSteps(losses(records), truth, "/losses", 0);
            List<Long> printedSteps = new ArrayList<>();
            for (JsonNode detail : truth.at("/losses_detail")) {
                if (detail.get("printed").asBoolean()) {
                    printedSteps.add(detail.get("step").asLong());
                }
            }
            assertThat(losses(records)).extracting(Observation::step).containsExactlyElementsOf(printedSteps);
        }

        @Test
        void testSetLinesAreEvaluations() {
            JsonNode tests = truth.at("/test");
            List<Observation> parsed = with(records, "test_loss");

            assertThat(parsed).hasSize(tests.size());
            for (int i = 0; i < tests.size(); i++) {
                Printed.decimals(4).assertMatches(parsed.get(i).metric("test_loss"),
                        tests.get(i).get("average_loss").asDouble(), "test " + i);
            }
        }
    }

    @Nested
    class NanoGptWithGradientAccumulation {
        private final Truth truth = Truth.of(DIR + "nanogpt-2/truth.json");
        private final List<Observation> records = replay(DIR + "nanogpt-2/output.log", command("python3", "train.py",
                "--dataset=licenses_char", "--out_dir=out-v2", "--always_save_checkpoint=False", "--device=cpu",
                "--compile=False", "--dtype=float32", "--gradient_accumulation_steps=2", "--batch_size=6",
                "--block_size=48", "--n_layer=1", "--n_head=3", "--n_embd=48", "--learning_rate=3e-3",
                "--max_iters=80", "--lr_decay_iters=80", "--warmup_iters=5", "--min_lr=3e-4", "--eval_interval=40",
                "--eval_iters=4", "--log_interval=2", "--dropout=0.1", "--bias=True"));

        @Test
        void iterationLossesAndEvaluations() {
            Printed.decimals(4).assertAtTheirSteps(losses(records), truth, "/losses", 1);
            assertThat(lastStep(records)).isEqualTo(truth.integer("/steps"));
            JsonNode evals = truth.at("/evals");
            List<Observation> parsed = with(records, "val_loss");
            assertThat(parsed).hasSize(evals.size());
            for (int i = 0; i < evals.size(); i++) {
                Printed.decimals(4).assertMatches(parsed.get(i).metric("val_loss"),
                        evals.get(i).get("val_loss").asDouble(), "val " + i);
                assertThat(parsed.get(i).loss()).isNull();
            }
        }

        @Test
        void samplesPerStepCountTheAccumulatedMicroBatches() {
            double samplesPerStep = truth.integer("/batch_size") * truth.integer("/gradient_accumulation_steps");
            assertThat(losses(records)).allSatisfy(record -> {
                assertThat(record.samplesPerSecond() / record.metric("steps_per_second"))
                        .isCloseTo(samplesPerStep, org.assertj.core.api.Assertions.within(1e-6));
                assertThat(record.metric("tokens_per_second") / record.metric("steps_per_second"))
                        .isCloseTo(truth.integer("/tokens_per_iter"), org.assertj.core.api.Assertions.within(1e-6));
            });
        }
    }

    @Nested
    class ScikitLearnSgdOneVersusAll {
        private final Truth truth = Truth.of(DIR + "sklearn-sgd-multiclass/truth.json");
        private final List<Observation> records = replay(DIR + "sklearn-sgd-multiclass/output.log",
                command("python3", "run_multiclass.py"));

        @Test
        void everyClassesEpochsAreRecordsAndEachEndsOnItsFinalWeights() {
            int epochs = (int) truth.integer("/steps");
            JsonNode biases = truth.at("/final_bias_per_class");

            assertThat(records).hasSize((int) truth.integer("/epoch_blocks_printed"));
            for (int c = 0; c < biases.size(); c++) {
                Observation last = records.get((c + 1) * epochs - 1);
                assertThat(last.epoch()).isEqualTo(epochs);
                Printed.decimals(6).assertMatches(last.metric("bias"), biases.get(c).asDouble(), "class " + c);
            }
        }
    }

    @Nested
    class SkorchOnATerminal {
        private final Truth truth = Truth.of(DIR + "skorch-tty/truth.json");
        private final List<Observation> records = replay(DIR + "skorch-tty/output.log", command("python3", "run.py"));

        @Test
        void crLfLinesReadLikePipedOnes() {
            List<double[]> expected = truth.rows("/losses");
            List<Observation> parsed = losses(records);

            assertThat(parsed).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(parsed.get(i).epoch()).isEqualTo(expected.get(i)[0]);
                Printed.decimals(4).assertMatches(parsed.get(i).loss(), expected.get(i)[1], "epoch " + (i + 1));
            }
            Printed.decimals(4).assertSummary(parsed, expected.stream().map(row -> row[1]).toList());
        }
    }

    @Nested
    class KerasOtherDisplayModes {
        @Test
        void verboseTwoPrintsOneLinePerEpoch() {
            Truth truth = Truth.of(DIR + "keras-verbose2/truth.json");
            List<Observation> parsed = losses(replay(DIR + "keras-verbose2/output.log", command("python3", "fit.py")));
            List<double[]> expected = truth.rows("/losses");
            long perEpoch = truth.integer("/steps_per_epoch");

            assertThat(parsed).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(parsed.get(i).step()).isEqualTo((long) expected.get(i)[0] * perEpoch);
                Printed.decimals(4).assertMatches(parsed.get(i).loss(), expected.get(i)[1], "epoch " + (i + 1));
            }
        }

        @Test
        void withoutDynamicDisplayEveryUpdateIsItsOwnLine() {
            Truth truth = Truth.of(DIR + "keras-nondynamic/truth.json");
            List<Observation> parsed = losses(replay(DIR + "keras-nondynamic/output.log",
                    command("python3", "fit.py")));
            int perEpoch = (int) truth.integer("/steps_per_epoch");
            List<double[]> batches = truth.rows("/batch_losses");

            assertThat(parsed).isNotEmpty();
            for (Observation record : parsed) {
                int epochStart = (int) ((record.step() - 1) / perEpoch) * perEpoch;
                double sum = 0;
                for (int i = epochStart; i < record.step(); i++) {
                    sum += batches.get(i)[1];
                }
                Printed.decimals(4).assertMatches(record.loss(), sum / (record.step() - epochStart),
                        "running average at step " + record.step());
            }
            assertThat(lastStep(parsed)).isEqualTo(truth.integer("/steps"));
        }
    }

    @Nested
    class HuggingFaceTrainerWithEvaluationAndAccumulationOnAnH200 {
        private final Truth truth = Truth.of(DIR + "hf-trainer-eval-h200/truth.json");
        private final List<Observation> records = replay(DIR + "hf-trainer-eval-h200/output.log",
                command("python3", "run.py", "truth.json"));

        @Test
        void lossesAndEvaluationsAtTheirStepsAndTheSummarysSamples() {
            List<Observation> losses = losses(records);
            List<Observation> evaluations = with(records, "eval_loss");
            int trainingLogs = 0;
            int evaluationLogs = 0;
            for (JsonNode entry : truth.at("/log_history")) {
                long step = entry.get("step").asLong();
                if (entry.has("loss")) {
                    Observation record = losses.get(trainingLogs++);
                    assertThat(record.step()).isEqualTo(step);
                    Printed.significant(4).assertMatches(record.loss(), entry.get("loss").asDouble(), "loss " + step);
                }
                if (entry.has("eval_loss")) {
                    Observation record = evaluations.get(evaluationLogs++);
                    assertThat(record.step()).isEqualTo(step);
                    Printed.significant(4).assertMatches(record.metric("eval_loss"), entry.get("eval_loss").asDouble(),
                            "eval_loss " + step);
                    assertThat(record.loss()).isNull();
                }
            }
            assertThat(losses).hasSize(trainingLogs);
            assertThat(evaluations).hasSize(evaluationLogs);
            assertThat(lastStep(records)).isEqualTo(truth.integer("/global_step"));
            Observation last = records.get(records.size() - 1);
            assertThat((double) last.samples()).isCloseTo(truth.integer("/total_samples"),
                    org.assertj.core.api.Assertions.within(truth.integer("/total_samples") * 0.01));
        }
    }
}
