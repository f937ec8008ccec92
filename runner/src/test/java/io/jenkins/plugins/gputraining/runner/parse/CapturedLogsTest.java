package io.jenkins.plugins.gputraining.runner.parse;

import static io.jenkins.plugins.gputraining.runner.parse.LogReplay.command;
import static io.jenkins.plugins.gputraining.runner.parse.LogReplay.losses;
import static io.jenkins.plugins.gputraining.runner.parse.LogReplay.replay;
import static io.jenkins.plugins.gputraining.runner.parse.LogReplay.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code --format auto} on the unmodified console output of real training programs (src/test/resources/parse/*,
 * each with its README: how it was made, and truth.json: the framework's own numbers). Zero flags: the reader knows
 * only the command the agent ran. Losses are compared at the precision the program prints them, steps within 1 %.
 */
class CapturedLogsTest {
    /** Parsed (step, loss) pairs against the truth's, in order, then initial, final and best loss. */
    private static void assertCurve(final List<Observation> parsed, final List<Long> steps, final List<Double> truth,
                                    final Printed printed) {
        assertThat(parsed).as("records with a loss").hasSameSizeAs(truth);
        for (int i = 0; i < truth.size(); i++) {
            printed.assertMatches(parsed.get(i).loss(), truth.get(i), "loss of record " + i);
            if (steps != null) {
                assertStep(parsed.get(i).step(), steps.get(i), "step of record " + i);
            }
        }
        printed.assertSummary(parsed, truth);
    }

    private static void assertStep(final Long parsed, final long truth, final String what) {
        assertThat(parsed).as(what).isNotNull();
        assertThat((double) parsed).as(what).isCloseTo(truth, within(truth * 0.01));
    }

    /** A HuggingFace Trainer log: every log dict's loss at the step of its log_history entry (trainer_state). */
    private static void assertTrainerLosses(final List<Observation> records, final Truth truth) {
        List<Long> steps = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        for (JsonNode entry : truth.at("/log_history")) {
            if (entry.has("loss")) {
                steps.add(entry.get("step").asLong());
                losses.add(entry.get("loss").asDouble());
            }
        }

        assertCurve(losses(records), steps, losses, Printed.significant(4));
        assertThat(lastStep(records)).isEqualTo(truth.integer("/global_step"));
    }

    /** A HuggingFace Trainer log's final summary: samples/s and total samples on the last record, at the last step. */
    private static void assertTrainerSummary(final List<Observation> records, final Truth truth) {
        JsonNode summary = truth.at("/log_history").get(truth.at("/log_history").size() - 1);
        Observation last = records.get(records.size() - 1);

        Printed.significant(4).assertMatches(last.samplesPerSecond(),
                summary.get("train_samples_per_second").asDouble(), "samples/s");
        assertStep(last.samples(), truth.integer("/total_samples"), "total samples");
        assertThat(last.step()).isEqualTo(truth.integer("/global_step"));
    }

    private static long lastStep(final List<Observation> records) {
        return records.stream().filter(record -> record.step() != null).mapToLong(Observation::step).max().orElse(-1);
    }

    @Nested
    class ScikitLearnMlp {
        private final Truth truth = Truth.of("sklearn-mlp/truth.json");
        private final List<Observation> records = replay("sklearn-mlp/output.log", command("python3", "run.py"));

        @Test
        void everyIterationIsAStepWithItsLossCurveValue() {
            List<Long> steps = new ArrayList<>();
            List<Double> losses = new ArrayList<>();
            for (double[] row : truth.rows("/losses")) {
                steps.add((long) row[0]);
                losses.add(row[1]);
            }

            assertCurve(losses(records), steps, losses, Printed.decimals(8));
            assertThat(lastStep(records)).isEqualTo(truth.integer("/steps"));
        }
    }

    @Nested
    class ScikitLearnSgd {
        private final Truth truth = Truth.of("sklearn-sgd/truth.json");
        private final List<Observation> records = replay("sklearn-sgd/output.log", command("python3", "run.py"));

        @Test
        void everyEpochBlockIsARecordWithItsAverageLoss() {
            // scikit-learn keeps no per-epoch loss (truth.json says so): the epochs and the final weights are checked
            assertThat(records).hasSize((int) truth.integer("/steps"));
            assertThat(records).allSatisfy(record -> assertThat(record.loss()).isPositive());
            assertThat(records).extracting(Observation::epoch)
                    .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0);
            Observation last = records.get(records.size() - 1);
            Printed.decimals(6).assertMatches(last.metric("bias"), truth.number("/final_bias"), "final bias");
            Printed.decimals(2).assertMatches(last.metric("norm"), truth.number("/final_weight_norm"), "final norm");
            assertThat(last.metric("t")).isEqualTo(truth.number("/t_") - 1);
        }
    }

    @Nested
    class ScikitLearnGradientBoosting {
        private final Truth truth = Truth.of("sklearn-gbm/truth.json");
        private final List<Observation> records = replay("sklearn-gbm/output.log", command("python3", "run.py"));

        @Test
        void readsTheTableByItsHeaderAtTheIterationsVerboseOnePrints() {
            List<Observation> parsed = losses(records);
            // verbose=1 prints iterations 1-10, then every 10th (see the fixture's README)
            assertThat(parsed).extracting(Observation::step)
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 20L, 30L, 40L, 50L, 60L);
            List<Double> truthAtPrinted = parsed.stream().map(r -> truth.lookup("/losses", r.step())).toList();
            assertCurve(parsed, parsed.stream().map(Observation::step).toList(), truthAtPrinted,
                    Printed.decimals(4));
            assertThat(lastStep(records)).isEqualTo(truth.integer("/steps"));
        }
    }

    @Nested
    class ScikitLearnHistGradientBoosting {
        private final Truth truth = Truth.of("sklearn-hgb/truth.json");
        private final List<Observation> records = replay("sklearn-hgb/output.log", command("python3", "run.py"));

        @Test
        void everyIterationIsAStepWithItsTrainingAndValidationLoss() {
            List<double[]> rows = truth.rows("/losses");
            List<Long> steps = rows.stream().map(row -> (long) row[0]).toList();

            assertCurve(losses(records), steps, rows.stream().map(row -> row[1]).toList(), Printed.decimals(5));
            List<double[]> valid = truth.rows("/valid_losses");
            for (int i = 0; i < valid.size(); i++) {
                Printed.decimals(5).assertMatches(losses(records).get(i).metric("val_loss"), valid.get(i)[1],
                        "validation loss " + i);
            }
            assertThat(lastStep(records)).isEqualTo(truth.integer("/steps"));
        }
    }

    @Nested
    class TqdmLossInTheDescription {
        private final Truth truth = Truth.of("tqdm-description/truth.json");
        private final List<Observation> records = replay("tqdm-description/output.log", command("python3", "run.py"));

        @Test
        void everyRedrawWithANewDescriptionIsTheNextStep() {
            List<double[]> rows = truth.rows("/losses");

            assertCurve(losses(records), rows.stream().map(row -> (long) row[0]).toList(),
                    rows.stream().map(row -> row[1]).toList(), Printed.decimals(4));
            assertThat(lastStep(records)).isEqualTo(truth.integer("/steps"));
        }
    }

    @Nested
    class Xgboost {
        private final Truth truth = Truth.of("xgboost/truth.json");
        private final List<Observation> records = replay("xgboost/output.log", command("python3", "run.py", "main"));

        @Test
        void theFirstSetsLossIsTheTrainingLossAndRoundsCountFromOne() {
            List<Observation> parsed = losses(records);
            List<Long> steps = new ArrayList<>();
            List<Double> expected = new ArrayList<>();
            for (String part : new String[] {"", "/part2_xgbregressor"}) {
                for (double[] row : truth.rows(part + "/losses")) {
                    steps.add((long) row[0] + 1);
                    expected.add(row[1]);
                }
            }

            assertThat(parsed).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                Printed.decimals(5).assertMatches(parsed.get(i).loss(), expected.get(i), "loss " + i);
                assertThat(parsed.get(i).step()).isEqualTo(steps.get(i));
            }
            // the log holds two trainings; the first one's figures are the truth's "loss"
            Printed.decimals(5).assertSummary(parsed.subList(0, 20),
                    truth.rows("/losses").stream().map(row -> row[1]).toList());
            assertThat(parsed.get(19).step()).isEqualTo(truth.integer("/steps"));
            assertThat(parsed.get(parsed.size() - 1).step()).isEqualTo(truth.integer("/part2_xgbregressor/steps"));
        }

        @Test
        void theOtherSetsAreEvaluationMetrics() {
            List<double[]> eval = truth.rows("/eval_losses");
            List<Observation> parsed = with(records, "eval-logloss");

            assertThat(parsed).hasSameSizeAs(eval);
            for (int i = 0; i < eval.size(); i++) {
                Printed.decimals(5).assertMatches(parsed.get(i).metric("eval-logloss"), eval.get(i)[1], "eval " + i);
            }
            assertThat(with(records, "validation_1-rmse")).hasSize((int) truth.integer("/part2_xgbregressor/steps"));
        }
    }

    @Nested
    class TorchLoopWithTqdm {
        private final Truth truth = Truth.of("torch-tqdm/truth.json");
        private final List<Observation> records = replay("torch-tqdm/output.log", command("python3", "train.py"));

        @Test
        void everyPostfixFrameIsAStepCountedAcrossEpochBars() {
            List<Long> steps = new ArrayList<>();
            List<Double> expected = new ArrayList<>();
            for (double[] row : truth.rows("/losses")) {
                steps.add((long) row[0]);
                expected.add(row[1]);
            }

            assertCurve(losses(records), steps, expected, Printed.significant(3));
            assertThat(lastStep(records)).isEqualTo(truth.integer("/steps"));
        }

        @Test
        void throughputIsTheBarsRateInStepsPerSecondSinceTheBatchSizeIsNotPrinted() {
            List<Observation> rated = with(records, "steps_per_second");

            assertThat(rated).isNotEmpty();
            assertThat(rated).allSatisfy(record -> {
                assertThat(record.metric("steps_per_second")).isBetween(1.0, 1000.0);
                assertThat(record.samplesPerSecond()).isNull();
            });
        }
    }

    @Nested
    class PytorchTutorialEpochStep {
        private final Truth truth = Truth.of("torch-epoch-step/truth.json");
        private final List<Observation> records = replay("torch-epoch-step/output.log", command("python3", "main.py"));

        @Test
        void perEpochStepsBecomeGlobalSteps() {
            long perEpoch = truth.integer("/steps_per_epoch");
            List<Long> steps = new ArrayList<>();
            List<Double> expected = new ArrayList<>();
            for (double[] row : truth.rows("/printed_losses")) {
                steps.add((long) ((row[0] - 1) * perEpoch + row[1]));
                expected.add(row[2]);
            }

            assertCurve(losses(records), steps, expected, Printed.decimals(4));
            assertThat(lastStep(records)).isEqualTo(truth.integer("/steps"));
        }
    }

    @Nested
    class PytorchQuickstart {
        private final Truth truth = Truth.of("pytorch-quickstart/truth.json");

        @Test
        void readsEveryPrintedLossAndTheTestBlocks() {
            List<Observation> records = replay("pytorch-quickstart/output.log", command("python3",
                    "quickstart_tutorial.py"));
            List<double[]> printed = truth.rows("/printed_losses");
            List<Observation> parsed = losses(records);

            assertCurve(parsed, null, printed.stream().map(row -> row[2]).toList(), Printed.decimals(6));
            double size = truth.number("/train_samples");
            for (int i = 0; i < printed.size(); i++) {
                assertThat(parsed.get(i).epoch()).isCloseTo(printed.get(i)[0] - 1 + printed.get(i)[1] / size,
                        within(1e-9));
            }
            List<double[]> tests = truth.rows("/test_avg_loss");
            List<Observation> testRecords = with(records, "test_loss");
            assertThat(testRecords).hasSameSizeAs(tests);
            for (int i = 0; i < tests.size(); i++) {
                Printed.decimals(6).assertMatches(testRecords.get(i).metric("test_loss"), tests.get(i)[1], "test " + i);
                assertThat(testRecords.get(i).loss()).isNull();
            }
        }

        @Test
        void itsSampleCounterGivesNoStepUntilTheBatchSizeIsKnown() {
            List<Observation> unknown = replay("pytorch-quickstart/output.log", command("python3",
                    "quickstart_tutorial.py"));
            assertThat(unknown).allSatisfy(record -> assertThat(record.step()).isNull());

            // the script's batch_size = 64 is not printed: `run --batch-size 64` says it
            List<Observation> known = losses(replay("pytorch-quickstart/output.log",
                    ProgressHints.of((int) truth.integer("/batch_size"),
                            List.of("python3", "quickstart_tutorial.py"))));
            long perEpoch = truth.integer("/steps_per_epoch");
            long batch = truth.integer("/batch_size");
            List<double[]> printed = truth.rows("/printed_losses");
            for (int i = 0; i < printed.size(); i++) {
                long step = (long) (printed.get(i)[0] - 1) * perEpoch + (long) printed.get(i)[1] / batch + 1;
                assertThat(known.get(i).step()).isEqualTo(step);
                Printed.decimals(6).assertMatches(known.get(i).loss(), truth.lookup("/losses", step),
                        "the loss recorded at that step");
            }
            assertStep(lastStep(known), truth.integer("/steps"), "last step");
        }
    }

    @Nested
    class PytorchExamplesMnist {
        private final Truth truth = Truth.of("pytorch-examples-mnist/truth.json");
        private final String[] commandLine = {"python3", "main.py", "--epochs", "2", "--log-interval", "5"};

        @Test
        void readsTrainLinesAndTestSetLines() {
            List<Observation> records = replay("pytorch-examples-mnist/output.log", command(commandLine));

            assertCurve(losses(records), null, truth.rows("/printed_losses").stream().map(row -> row[2]).toList(),
                    Printed.decimals(6));
            List<Observation> tests = with(records, "test_loss");
            JsonNode test = truth.at("/test");
            assertThat(tests).hasSize(test.size());
            for (int i = 0; i < test.size(); i++) {
                Printed.decimals(4).assertMatches(tests.get(i).metric("test_loss"),
                        test.get(i).get("average_loss").asDouble(), "test loss " + i);
            }
        }

        @Test
        void itsSampleCounterBecomesStepsWithTheBatchSize() {
            // main.py's default --batch-size 64 is neither printed nor on this command line
            assertThat(replay("pytorch-examples-mnist/output.log", command(commandLine)))
                    .allSatisfy(record -> assertThat(record.step()).isNull());

            List<Observation> parsed = losses(replay("pytorch-examples-mnist/output.log",
                    ProgressHints.of((int) truth.integer("/batch_size"), List.of(commandLine))));
            List<Long> steps = new ArrayList<>();
            for (JsonNode detail : truth.at("/losses_detail")) {
                if (detail.get("printed").asBoolean()) {
                    steps.add(detail.get("step").asLong());
                }
            }
            assertThat(parsed).extracting(Observation::step).containsExactlyElementsOf(steps);
        }
    }

    @Nested
    class PytorchExamplesImagenet {
        private final Truth truth = Truth.of("pytorch-examples-imagenet/truth.json");
        private final List<Observation> records = replay("pytorch-examples-imagenet/output.log", command("python3",
                "main.py", "--dummy", "-a", "resnet18", "-b", "8", "-j", "0", "-p", "2", "--epochs", "1"));

        @Test
        void readsTheMetersValueAsTheLossAndTheirAverageBeside() {
            List<double[]> printed = truth.rows("/printed_losses");
            List<Observation> parsed = losses(records);

            assertCurve(parsed, printed.stream().map(row -> (long) row[0]).toList(),
                    printed.stream().map(row -> row[1]).toList(), Printed.significant(5));
            for (int i = 0; i < printed.size(); i++) {
                Printed.significant(5).assertMatches(parsed.get(i).metric("loss_avg"), printed.get(i)[2], "avg " + i);
            }
        }

        @Test
        void throughputIsTheBatchOverTheProgramsOwnStepTime() {
            assertThat(losses(records)).allSatisfy(record -> assertThat(record.samplesPerSecond())
                    .isCloseTo(record.metric("steps_per_second") * truth.integer("/batch_size"), within(1e-9)));
        }
    }

    @Nested
    class PytorchExamplesWordLanguageModel {
        private final Truth truth = Truth.of("pytorch-examples-word-lm/truth.json");
        private final List<Observation> records = replay("pytorch-examples-word-lm/output.log",
                command("python3", "main.py", "--data", "./data", "--model", "LSTM", "--epochs", "2",
                        "--batch_size", "20", "--log-interval", "10"));

        @Test
        void everyIntervalsLossAtItsGlobalBatchAndTheValidationAndTestLosses() {
            List<double[]> printed = truth.rows("/printed");

            assertCurve(losses(records), printed.stream().map(row -> (long) row[2]).toList(),
                    printed.stream().map(row -> row[3]).toList(), Printed.decimals(2));
            assertThat(losses(records)).allSatisfy(record -> assertThat(record.learningRate()).isEqualTo(20.0));
            List<double[]> valid = truth.rows("/valid_losses");
            List<Observation> validRecords = with(records, "valid_loss");
            assertThat(validRecords).hasSameSizeAs(valid);
            for (int i = 0; i < valid.size(); i++) {
                Printed.decimals(2).assertMatches(validRecords.get(i).metric("valid_loss"), valid.get(i)[1],
                        "valid " + i);
            }
            Printed.decimals(2).assertMatches(with(records, "test_loss").get(0).metric("test_loss"),
                    truth.number("/test_loss"), "test loss");
        }
    }

    @Nested
    class PytorchExamplesDcgan {
        private final Truth truth = Truth.of("pytorch-examples-dcgan/truth.json");
        private final List<Observation> records = replay("pytorch-examples-dcgan/output.log",
                command("python3", "main.py", "--dataset", "fake", "--niter", "2", "--batchSize", "16"));

        @Test
        void bothLossesOfEveryIterationAtItsStepAndNoTrainingLoss() {
            List<double[]> printed = truth.rows("/printed");
            List<Observation> iterations = with(records, "loss_d");
            long perEpoch = truth.integer("/steps_per_epoch");

            assertThat(iterations).hasSameSizeAs(printed);
            for (int i = 0; i < printed.size(); i++) {
                Observation record = iterations.get(i);
                assertThat(record.step()).isEqualTo((long) printed.get(i)[0] * perEpoch + (long) printed.get(i)[1] + 1);
                Printed.decimals(4).assertMatches(record.metric("loss_d"), printed.get(i)[2], "Loss_D " + i);
                Printed.decimals(4).assertMatches(record.metric("loss_g"), printed.get(i)[3], "Loss_G " + i);
                assertThat(record.loss()).isNull();
            }
            assertThat(lastStep(records)).isEqualTo(truth.integer("/steps"));
        }
    }

    @Nested
    class NanoGpt {
        private final Truth truth = Truth.of("nanogpt/truth.json");
        private final List<Observation> records = replay("nanogpt/output.log", command("python3", "train.py",
                "config/train_shakespeare_char.py", "--device=cpu", "--compile=False", "--eval_iters=10",
                "--eval_interval=50", "--log_interval=5", "--block_size=64", "--batch_size=12", "--n_layer=2",
                "--n_head=4", "--n_embd=64", "--max_iters=250", "--lr_decay_iters=250", "--warmup_iters=20",
                "--dropout=0.0"));

        @Test
        void iterLinesAreTheTrainingLossFromStepOne() {
            List<double[]> printed = truth.rows("/printed_losses");

            assertCurve(losses(records), printed.stream().map(row -> (long) row[0] + 1).toList(),
                    printed.stream().map(row -> row[1]).toList(), Printed.decimals(4));
            assertThat(lastStep(records)).isEqualTo(truth.integer("/steps"));
        }

        @Test
        void evaluationLinesAreMetricsNeverTheTrainingLoss() {
            JsonNode evals = truth.at("/evals");
            List<Observation> parsed = with(records, "val_loss");

            assertThat(parsed).hasSize(evals.size());
            for (int i = 0; i < evals.size(); i++) {
                JsonNode eval = evals.get(i);
                assertThat(parsed.get(i).loss()).isNull();
                assertThat(parsed.get(i).step()).isEqualTo(eval.get("iter").asLong() + 1);
                Printed.decimals(4).assertMatches(parsed.get(i).metric("val_loss"), eval.get("val_loss").asDouble(),
                        "val loss " + i);
                Printed.decimals(4).assertMatches(parsed.get(i).metric("train_loss"),
                        eval.get("train_loss").asDouble(), "train split estimate " + i);
            }
        }

        @Test
        void throughputFromTheIterationTimeInSamplesAndTokens() {
            double samplesPerStep = truth.integer("/batch_size") * truth.integer("/gradient_accumulation_steps");
            assertThat(losses(records)).allSatisfy(record -> {
                double steps = record.metric("steps_per_second");
                assertThat(record.samplesPerSecond()).isCloseTo(steps * samplesPerStep, within(1e-6));
                assertThat(record.metric("tokens_per_second"))
                        .isCloseTo(steps * truth.integer("/tokens_per_iter"), within(1e-6));
            });
        }
    }

    @Nested
    class Skorch {
        private final Truth truth = Truth.of("skorch/truth.json");
        private final List<Observation> records = replay("skorch/output.log", command("python3", "run.py"));

        @Test
        void readsTheColouredEpochTableByItsHeader() {
            List<double[]> losses = truth.rows("/losses");
            List<Observation> parsed = losses(records);

            assertCurve(parsed, null, losses.stream().map(row -> row[1]).toList(), Printed.decimals(4));
            assertThat(parsed).extracting(Observation::epoch)
                    .containsExactlyElementsOf(losses.stream().map(row -> row[0]).toList());
            List<double[]> valid = truth.rows("/valid_losses");
            for (int i = 0; i < valid.size(); i++) {
                Printed.decimals(4).assertMatches(parsed.get(i).metric("valid_loss"), valid.get(i)[1], "valid " + i);
            }
        }
    }

    @Nested
    class TorchvisionReferences {
        private final Truth truth = Truth.of("torchvision-references/truth.json");
        private final List<Observation> records = replay("torchvision-references/output.log", command("python3",
                "train.py", "--data-path", "data", "--model", "resnet18", "--device", "cpu", "-b", "4", "--epochs",
                "2", "--workers", "0", "--print-freq", "1", "--lr", "0.01", "--output-dir", "",
                "--train-crop-size", "64", "--val-resize-size", "72", "--val-crop-size", "64"));

        @Test
        void theLossIsTheMetricLoggersShownValueItsMedianWithTheEpochAverageBeside() {
            long perEpoch = truth.integer("/steps_per_epoch");
            List<double[]> printed = truth.rows("/printed_losses");
            List<Observation> parsed = losses(records);

            assertCurve(parsed, printed.stream().map(row -> (long) (row[0] * perEpoch + row[1] + 1)).toList(),
                    printed.stream().map(row -> row[3]).toList(), Printed.decimals(4));
            for (int i = 0; i < printed.size(); i++) {
                Printed.decimals(4).assertMatches(parsed.get(i).metric("loss_avg"), printed.get(i)[4], "avg " + i);
            }
            assertThat(lastStep(records)).isEqualTo(truth.integer("/steps"));
        }

        @Test
        void testMetersAreEvaluationMetrics() {
            List<double[]> evalBatches = truth.rows("/eval_losses");
            List<Observation> tests = with(records, "test_loss");

            // each evaluation prints its first batch's meter (print_freq 100 in the script's evaluate())
            assertThat(tests).hasSize(2);
            Printed.decimals(4).assertMatches(tests.get(0).metric("test_loss"), evalBatches.get(0)[0], "first eval");
            Printed.decimals(4).assertMatches(tests.get(1).metric("test_loss"), evalBatches.get(6)[0], "second eval");
            assertThat(tests).allSatisfy(record -> assertThat(record.loss()).isNull());
        }

        @Test
        void throughputIsTheImagesPerSecondItReports() {
            assertThat(losses(records)).allSatisfy(record -> assertThat(record.samplesPerSecond()).isPositive());
        }
    }

    @Nested
    class KerasNotCaptured {
        private final Truth truth = Truth.of("keras/truth.json");
        private final List<Observation> records = replay("keras/output.log", command("python3", "generate.py"));

        @Test
        void everyProgbarFrameIsARecordOfTheRunningEpochAverage() {
            int perEpoch = (int) truth.integer("/steps_per_epoch");
            List<double[]> batches = truth.rows("/batch_losses");
            List<Observation> parsed = losses(records);
            List<Double> expected = new ArrayList<>();
            for (Observation record : parsed) {
                int epochStart = (int) ((record.step() - 1) / perEpoch) * perEpoch;
                double sum = 0;
                for (int i = epochStart; i < record.step(); i++) {
                    sum += batches.get(i)[1];
                }
                expected.add(sum / (record.step() - epochStart));
            }

            assertCurve(parsed, null, expected, Printed.decimals(4));
            assertThat(lastStep(records)).isEqualTo(truth.integer("/steps"));
            List<Double> epochEnds = parsed.stream().filter(record -> record.step() % perEpoch == 0)
                    .map(Observation::loss).toList();
            List<double[]> epochLosses = truth.rows("/losses");
            for (int i = 0; i < epochLosses.size(); i++) {
                Printed.decimals(4).assertMatches(epochEnds.get(i), epochLosses.get(i)[1], "epoch " + (i + 1));
            }
            assertThat(with(records, "val_loss")).hasSize(epochLosses.size());
        }
    }

    @Nested
    class LightningRichBar {
        @Test
        void theMetricsBelowTheFinalFrameAreTheLossAtTheBarsStep() {
            List<Observation> records = replay("lightning/pl_stdout.log", command("python3", "train.py"));
            String[] lastRow = Fixtures.text("lightning/metrics.csv").strip().lines().reduce((a, b) -> b)
                    .orElseThrow().split(",");

            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.step()).isEqualTo(Long.parseLong(lastRow[1]) + 1);
                Printed.decimals(3).assertMatches(record.loss(), Double.parseDouble(lastRow[2]), "train_loss");
            });
        }
    }

    @Nested
    class HuggingFaceTrainerOnAnH200 {
        private final Truth truth = Truth.of("hf-trainer-h200/truth.json");
        private final List<Observation> records = replay("hf-trainer-h200/output.log",
                command("python3", "run.py", "truth.json"));

        @Test
        void logDictsAtTheStepsTheTrainersBarShows() {
            assertTrainerLosses(records, truth);
        }

        @Test
        void theFinalSummaryGivesSamplesPerSecondAndTotalSamples() {
            assertTrainerSummary(records, truth);
        }
    }

    @Nested
    class LightningTqdmBarOnAnH200 {
        private final Truth truth = Truth.of("lightning-tqdm-h200/truth.json");
        private final List<Observation> records = replay("lightning-tqdm-h200/output.log",
                command("python3", "run.py", "truth.json"));

        @Test
        void everyFrameWithANewLossIsThatStepsLoss() {
            List<Observation> parsed = losses(records);

            assertThat(parsed).as("one record per step").hasSize((int) truth.integer("/global_step"));
            Printed.significant(3).assertAtTheirSteps(parsed, truth, "/losses", 0);
            assertThat(lastStep(records)).isEqualTo(truth.integer("/global_step"));
            assertThat(parsed).allSatisfy(record -> assertThat(record.metric("steps_per_second")).isPositive());
        }
    }

    @Nested
    class LightningWithValidationOnAnH200 {
        private final Truth truth = Truth.of("lightning-val-h200/truth.json");
        private final List<Observation> records = replay("lightning-val-h200/output.log",
                command("python3", "run.py", "truth.json"));

        @Test
        void everyStepsLossAndEachEpochsValidationLoss() {
            List<Observation> losses = losses(records);

            assertThat(losses).as("one record per step").hasSize((int) truth.integer("/global_step"));
            Printed.significant(3).assertAtTheirSteps(losses, truth, "/losses", 0);
            assertThat(lastStep(records)).isEqualTo(truth.integer("/global_step"));
            for (double[] row : truth.rows("/validation")) {
                assertThat(with(records, "val_loss")).filteredOn(record -> record.step() == (long) row[0]).isNotEmpty()
                        .allSatisfy(record -> Printed.significant(3).assertMatches(record.metric("val_loss"), row[2],
                                "val_loss at " + (long) row[0]));
            }
        }
    }

    @Nested
    class HuggingFaceTrainerNotCaptured {
        private final Truth truth = Truth.of("hf-trainer/truth.json");
        private final List<Observation> records = replay("hf-trainer/output.log", command("python3", "train.py"));

        @Test
        void logDictsTakeTheirStepFromTheTrainersBar() {
            assertTrainerLosses(records, truth);
            assertThat(with(records, "eval_loss")).extracting(Observation::step).containsExactly(30L, 60L);
        }

        @Test
        void theFinalSummaryGivesSamplesPerSecondAndTotalSamples() {
            assertTrainerSummary(records, truth);
        }
    }
}
