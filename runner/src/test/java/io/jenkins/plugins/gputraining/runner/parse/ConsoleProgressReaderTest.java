package io.jenkins.plugins.gputraining.runner.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code --format auto} on the shapes docs/metrics-protocol.md lists, one behaviour at a time. */
class ConsoleProgressReaderTest {
    private static final double SEEN = 1_767_225_600.0;

    private final List<Observation> records = new ArrayList<>();
    private ProgressReader reader = OutputFormat.auto().reader(ProgressHints.NONE);

    private ConsoleProgressReaderTest lines(final String... lines) {
        for (String line : lines) {
            reader.line(line, SEEN, records::add);
        }
        return this;
    }

    /** Frames of one console line: all but the last are overwritten frames. */
    private ConsoleProgressReaderTest frames(final String... frames) {
        for (int i = 0; i < frames.length - 1; i++) {
            reader.frame(frames[i], SEEN, records::add);
        }
        reader.line(frames[frames.length - 1], SEEN, records::add);
        return this;
    }

    private List<Observation> finish() {
        reader.finish(SEEN, records::add);
        return records;
    }

    @Nested
    class NamedNumbers {
        @Test
        void theTwoLossesOfAGanAreMetricsAtTheirEpochAndBatch() {
            // pytorch/examples dcgan: '[%d/%d][%d/%d] Loss_D: %.4f Loss_G: %.4f D(x): %.4f D(G(z)): %.4f / %.4f'
            lines("[0/25][0/1563] Loss_D: 1.7234 Loss_G: 4.5123 D(x): 0.5123 D(G(z)): 0.4123 / 0.1123",
                    "[0/25][1/1563] Loss_D: 1.5234 Loss_G: 4.2123 D(x): 0.5323 D(G(z)): 0.4023 / 0.1223",
                    "[1/25][0/1563] Loss_D: 1.2234 Loss_G: 3.2123 D(x): 0.6323 D(G(z)): 0.3023 / 0.2223");

            assertThat(finish()).extracting(Observation::step).containsExactly(1L, 2L, 1564L);
            assertThat(records).extracting(Observation::epoch).containsExactly(1 / 1563.0, 2 / 1563.0, 1 + 1 / 1563.0);
            assertThat(records).extracting(Observation::loss).containsOnlyNulls();
            assertThat(records).extracting(record -> record.metric("loss_d")).containsExactly(1.7234, 1.5234, 1.2234);
            assertThat(records).extracting(record -> record.metric("loss_g")).containsExactly(4.5123, 4.2123, 3.2123);
        }

        @Test
        void theOnlyPartOfALossOnALineIsTheLossAndAPlainLossBeatsItsParts() {
            lines("step 5 kl_loss 0.30", "step 6 loss 1.25 loss_cls 0.75 loss_box_reg 0.50");

            assertThat(finish()).extracting(Observation::loss).containsExactly(0.30, 1.25);
            assertThat(records.get(1).metric("loss_cls")).isEqualTo(0.75);
        }

        @Test
        void rewardsPerEpisodeAreMetrics() {
            // pytorch/examples reinforcement_learning
            lines("Episode 10\tLast reward: 9.00\tAverage reward: 9.87", "Episode 20\tLast reward: 19.00\tAverage reward: 12.34");

            assertThat(finish()).extracting(Observation::step).containsExactly(10L, 20L);
            assertThat(records).extracting(record -> record.metric("average_reward")).containsExactly(9.87, 12.34);
            assertThat(records).extracting(Observation::loss).containsOnlyNulls();
        }

        @Test
        void nameEqualsValueWithAStepCounter() {
            lines("Iteration 5, loss = 0.58533397");

            assertThat(finish()).singleElement().satisfies(record -> {
                assertThat(record.step()).isEqualTo(5L);
                assertThat(record.loss()).isEqualTo(0.58533397);
            });
        }

        @Test
        void namesOfSeveralWordsAndKeyEqualsValue() {
            lines("Norm: 53.67, NNZs: 20, Bias: 24.907806, T: 5000, Avg. loss: 14.834990",
                    "step 7 | loss=0.25 lr=3e-4 grad_norm=1.5");

            assertThat(finish()).satisfiesExactly(
                    first -> {
                        assertThat(first.loss()).isEqualTo(14.83499);
                        assertThat(first.metric("bias")).isEqualTo(24.907806);
                    },
                    second -> {
                        assertThat(second.step()).isEqualTo(7L);
                        assertThat(second.learningRate()).isEqualTo(3e-4);
                        assertThat(second.metric("grad_norm")).isEqualTo(1.5);
                    });
        }

        @Test
        void aMeterWithItsRunningAverage() {
            lines("Epoch: [0][  3/100]\tTime  0.250 ( 0.300)\tLoss 1.1184e+01 (8.4117e+00)\tAcc@1  12.50 ( 6.25)");

            assertThat(finish()).singleElement().satisfies(record -> {
                assertThat(record.loss()).isEqualTo(11.184);
                assertThat(record.metric("loss_avg")).isEqualTo(8.4117);
                assertThat(record.metric("acc@1")).isEqualTo(12.5);
                assertThat(record.metric("steps_per_second")).isEqualTo(4.0);
            });
        }

        @Test
        void nonFiniteLossesAreKept() {
            lines("iter 3: loss nan, time 10.00ms");

            assertThat(finish()).singleElement().satisfies(record -> assertThat(record.loss()).isNaN());
        }

        @Test
        void proseAndSettingsAreNoRecords() {
            lines("Accuracy of the network on the 10000 test images: 73.1 %",
                    "Namespace(data_path='data', batch_size=4, epochs=2, lr=0.01, print_freq=10)",
                    "number of parameters: 0.10M", "2025-06-01 12:00:00,100 INFO starting");

            assertThat(finish()).isEmpty();
        }
    }

    @Nested
    class Steps {
        @Test
        void aPerEpochCounterBecomesAGlobalStep() {
            lines("Epoch [1/5], Step [100/200], Loss: 1.5144", "Epoch [1/5], Step [200/200], Loss: 1.3506",
                    "Epoch [2/5], Step [100/200], Loss: 1.1059");

            assertThat(finish()).extracting(Observation::step).containsExactly(100L, 200L, 300L);
            assertThat(records).extracting(Observation::epoch).containsExactly(0.5, 1.0, 1.5);
        }

        @Test
        void aCounterThatGoesOnAcrossEpochsStaysGlobal() {
            lines("epoch 1 step 90/300 loss 0.9", "epoch 2 step 110/300 loss 0.8");

            assertThat(finish()).extracting(Observation::step).containsExactly(90L, 110L);
        }

        @Test
        void zeroBasedCountersCountStepsDone() {
            lines("[0]\ttrain-logloss:0.53940\teval-logloss:0.56003", "[1]\ttrain-logloss:0.44417\teval-logloss:0.46650",
                    "iter 0: loss 4.3309, time 179.09ms", "iter 5: loss 4.1991, time 16.18ms");

            assertThat(finish()).extracting(Observation::step).containsExactly(1L, 2L, 1L, 6L);
        }

        @Test
        void anEpochHeaderLineScopesTheCountersBelowIt() {
            lines("Epoch 2/3", " 9/32 ━━━━━━━━━━━━━━━━━━━━ 0s 7ms/step - accuracy: 0.8611 - loss: 0.6609");

            assertThat(finish()).singleElement().satisfies(record -> {
                assertThat(record.step()).isEqualTo(41L);
                assertThat(record.epoch()).isCloseTo(1 + 9 / 32.0, within(1e-9));
                assertThat(record.metric("steps_per_second")).isCloseTo(1000 / 7.0, within(1e-9));
            });
        }

        @Test
        void aSampleCounterGivesStepsOnlyWithTheBatchSize() {
            lines("Train Epoch: 1 [0/1280 (0%)]\tLoss: 2.295363", "Train Epoch: 1 [320/1280 (25%)]\tLoss: 2.282213");
            assertThat(finish()).extracting(Observation::step).containsOnlyNulls();
            assertThat(records).extracting(Observation::epoch).containsExactly(0.0, 0.25);

            records.clear();
            reader = OutputFormat.auto().reader(ProgressHints.of(null, List.of("main.py", "--batch-size", "64")));
            lines("Train Epoch: 1 [0/1280 (0%)]\tLoss: 2.295363", "Train Epoch: 2 [320/1280 (25%)]\tLoss: 2.282213");
            assertThat(finish()).extracting(Observation::step).containsExactly(1L, 26L);
        }

        @Test
        void aBatchIndexCountsStepsWhatEverTheBatchSize() {
            reader = OutputFormat.auto().reader(ProgressHints.of(4, List.of()));
            lines("Epoch: [0]  [ 0/24]  lr: 0.01  img/s: 25.4  loss: 1.6669 (1.7643)",
                    "Epoch: [0]  [ 1/24]  lr: 0.01  img/s: 25.4  loss: 1.6669 (1.7643)",
                    "Epoch: [1]  [ 4/24]  lr: 0.01  img/s: 25.4  loss: 1.6669 (1.7643)");

            assertThat(finish()).extracting(Observation::step).containsExactly(1L, 2L, 29L);
        }

        @Test
        void aBareCounterFollowedByBatchesIsAPerEpochStep() {
            // pytorch/examples word_language_model
            lines("| epoch   1 |   200/ 2983 batches | lr 20.00 | ms/batch 10.52 | loss  7.50 | ppl  1800.31",
                    "| epoch   1 |   400/ 2983 batches | lr 20.00 | ms/batch  9.87 | loss  6.80 | ppl   897.54",
                    "| end of epoch   1 | time: 31.24s | valid loss  5.60 | valid ppl   270.43",
                    "| epoch   2 |   200/ 2983 batches | lr 20.00 | ms/batch 10.12 | loss  5.70 | ppl   298.87");

            List<Observation> losses = finish().stream().filter(record -> record.loss() != null).toList();
            assertThat(losses).extracting(Observation::step).containsExactly(200L, 400L, 3183L);
            assertThat(losses.get(0).epoch()).isCloseTo(200 / 2983.0, within(1e-9));
            assertThat(losses.get(0).metric("steps_per_second")).isCloseTo(1000 / 10.52, within(1e-9));
            assertThat(losses).extracting(Observation::learningRate).containsOnly(20.0);
        }

        @Test
        void anEpochInBracketsBeforeTheBatchCounter() {
            // mmengine (OpenMMLab): the batch counter restarts every epoch
            lines("11/29 18:00:00 - mmengine - INFO - Epoch(train)  [1][  50/1250]  base_lr: 2.0000e-02 lr: 2.0000e-02"
                            + "  eta: 1:02:03  time: 0.3001  data_time: 0.0100  memory: 3000  loss: 1.2000  loss_cls: 0.5000",
                    "11/29 18:10:15 - mmengine - INFO - Epoch(train)  [2][  50/1250]  base_lr: 2.0000e-02 lr: 2.0000e-02"
                            + "  eta: 0:51:03  time: 0.2901  data_time: 0.0100  memory: 3000  loss: 0.9000  loss_cls: 0.4000");

            assertThat(finish()).extracting(Observation::step).containsExactly(50L, 1300L);
            assertThat(records).extracting(Observation::loss).containsExactly(1.2, 0.9);
            assertThat(records.get(0).epoch()).isCloseTo(50 / 1250.0, within(1e-9));
        }

        @Test
        void anEpochAndBatchPairGivesTheEpochButNoStep() {
            // PyTorch's CIFAR-10 tutorial: print(f'[{epoch + 1}, {i + 1:5d}] loss: {running_loss / 2000:.3f}')
            lines("[1,  2000] loss: 2.196", "[1,  4000] loss: 1.872", "[2,  2000] loss: 1.523");

            assertThat(finish()).extracting(Observation::epoch).containsExactly(1.0, 1.0, 2.0);
            assertThat(records).extracting(Observation::loss).containsExactly(2.196, 1.872, 1.523);
            assertThat(records).extracting(Observation::step).containsOnlyNulls();
        }

        @Test
        void aBracketCounterThatMovesByOneCountsStepsWithoutTheBatchSize() {
            // scikit-learn's HistGradientBoostingClassifier(verbose=1): one line per boosting iteration
            lines("[1/40] 1 tree, 31 leaves, max depth = 8, train loss: 0.60540, val loss: 0.60708, in 0.003s",
                    "[2/40] 1 tree, 31 leaves, max depth = 8, train loss: 0.53350, val loss: 0.53715, in 0.002s",
                    "[3/40] 1 tree, 31 leaves, max depth = 8, train loss: 0.47326, val loss: 0.47763, in 0.002s");

            assertThat(finish()).extracting(Observation::step).containsExactly(1L, 2L, 3L);
            assertThat(records).extracting(Observation::loss).containsExactly(0.6054, 0.5335, 0.47326);
            assertThat(records.get(2).metric("val_loss")).isEqualTo(0.47763);
        }
    }

    @Nested
    class ProgressBars {
        @Test
        void valuesSetBeforeTheCounterMovesAreCountedFrameByFrame() {
            frames("Epoch 1/2:   0%|          | 0/4 [00:00<?, ?it/s]",
                    "Epoch 1/2:   0%|          | 0/4 [00:00<?, ?it/s, loss=1.59]",
                    "Epoch 1/2:   0%|          | 0/4 [00:00<?, ?it/s, loss=1.59]",
                    "Epoch 1/2:  50%|█████     | 2/4 [00:00<00:00, 45.2it/s, loss=1.59]",
                    "Epoch 1/2:  50%|█████     | 2/4 [00:00<00:00, 45.2it/s, loss=1.57]",
                    "Epoch 1/2:  50%|█████     | 2/4 [00:00<00:00, 45.2it/s, loss=1.51]",
                    "Epoch 1/2: 100%|██████████| 4/4 [00:00<00:00, 45.2it/s, loss=1.51]");
            frames("Epoch 2/2:   0%|          | 0/4 [00:00<?, ?it/s]",
                    "Epoch 2/2:   0%|          | 0/4 [00:00<?, ?it/s, loss=1.4]");

            assertThat(finish()).extracting(Observation::step).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(records).extracting(Observation::loss).containsExactly(1.59, 1.59, 1.57, 1.51, 1.4);
        }

        @Test
        void aDescriptionSetEveryStepIsOneStepPerRedrawUntilTheCounterCatchesUp() {
            // trange(…) with t.set_description(f"loss={loss:.4f}"): tqdm redraws the description at once and the
            // counter only every mininterval, so the counter shows 0 for the first steps, then jumps
            frames("training:   0%|          | 0/200 [00:00<?, ?it/s]",
                    "loss=1.0000:   0%|          | 0/200 [00:00<?, ?it/s]",
                    "loss=0.5000:   0%|          | 0/200 [00:00<?, ?it/s]",
                    "loss=0.3333:   0%|          | 0/200 [00:00<?, ?it/s]",
                    "loss=0.3333:   2%|▏         | 3/200 [00:00<00:00, 447.15it/s]",
                    "loss=0.2500:   2%|▏         | 3/200 [00:00<00:00, 447.15it/s]",
                    "loss=0.2000:   2%|▏         | 3/200 [00:00<00:00, 447.15it/s]",
                    "loss=0.2000:   2%|▏         | 5/200 [00:00<00:00, 447.15it/s]",
                    "loss=0.1667:   2%|▏         | 5/200 [00:00<00:00, 447.15it/s]");

            assertThat(finish()).extracting(Observation::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(records).extracting(Observation::loss).containsExactly(1.0, 0.5, 0.3333, 0.25, 0.2, 0.1667);
        }

        @Test
        void aBarThatStartsOverGoesOnFromTheLastOneWhenTheEpochShownLagsBehind() {
            // tqdm.write(f"epoch {epoch}: …") after each epoch's bar: the epoch printed is the one that ended
            frames("batches:  50%|█████     | 1/2 [00:00<00:00, 95.1it/s, loss=0.9]",
                    "batches: 100%|██████████| 2/2 [00:00<00:00, 95.1it/s, loss=0.8]");
            lines("epoch 0: last loss 0.80000");
            frames("batches:  50%|█████     | 1/2 [00:00<00:00, 95.1it/s, loss=0.7]",
                    "batches: 100%|██████████| 2/2 [00:00<00:00, 95.1it/s, loss=0.6]");
            lines("epoch 1: last loss 0.60000");
            frames("batches:  50%|█████     | 1/2 [00:00<00:00, 95.1it/s, loss=0.5]",
                    "batches: 100%|██████████| 2/2 [00:00<00:00, 95.1it/s, loss=0.4]");

            assertThat(finish()).extracting(Observation::step).containsExactly(1L, 2L, 2L, 3L, 4L, 4L, 5L, 6L);
        }

        @Test
        void valuesShownAfterTheCounterMovedAreAtThatCount() {
            frames("training:   0%|          | 0/150 [00:00<?, ?step/s]",
                    "training:   6%|▌         | 9/150 [00:00<00:01, 85.54step/s, loss=37.6508, lr=2.98e-03]",
                    "training:  12%|█▏        | 18/150 [00:00<00:01, 86.83step/s, loss=12.3302, lr=2.91e-03]");

            assertThat(finish()).extracting(Observation::step).containsExactly(9L, 18L);
            assertThat(records.get(0).learningRate()).isEqualTo(2.98e-03);
            assertThat(records.get(0).metric("steps_per_second")).isEqualTo(85.54);
        }

        @Test
        void itPerSecondTimesTheBatchSizeIsSamplesPerSecond() {
            reader = OutputFormat.auto().reader(ProgressHints.of(null, List.of("train.py", "--batch_size=32")));
            frames("Epoch 0: 100%|██████████| 94/94 [00:02<00:00, 43.2it/s, v_num=0, train_loss=0.53]");

            assertThat(finish()).singleElement().satisfies(record -> {
                assertThat(record.step()).isEqualTo(94L);
                assertThat(record.loss()).isEqualTo(0.53);
                assertThat(record.samplesPerSecond()).isCloseTo(43.2 * 32, within(1e-9));
                assertThat(record.samples()).isEqualTo(94 * 32L);
                assertThat(record.metrics()).doesNotContainKey("v_num");
            });
        }

        @Test
        void anEvaluationBarDoesNotMoveTheSteps() {
            frames(" 50%|█████     | 30/60 [00:05<00:05,  5.80it/s]");
            frames("Validation DataLoader 0: 100%|██████████| 8/8 [00:00<00:00, 73.4it/s]");
            lines("{'eval_loss': '0.58', 'epoch': '1.5'}");
            frames(" 50%|█████     | 30/60 [00:05<00:05,  5.80it/s]");

            assertThat(finish()).singleElement().satisfies(record -> assertThat(record.step()).isEqualTo(30L));
        }
    }

    @Nested
    class HuggingFace {
        @Test
        void aDictTakesTheStepTheBarShowsWhenRedrawnBelowIt() {
            frames("  7%|▋         | 4/60 [00:00<00:01, 35.99it/s]", " 15%|█▌        | 9/60 [00:00<00:01, 42.77it/s]",
                    "                                              ",
                    "{'loss': '0.6767', 'grad_norm': '0.7578', 'learning_rate': '0.0425', 'epoch': '0.5'}");
            frames(" 17%|█▋        | 10/60 [00:00<00:01, 42.77it/s]");

            assertThat(finish()).singleElement().satisfies(record -> {
                assertThat(record.step()).isEqualTo(10L);
                assertThat(record.loss()).isEqualTo(0.6767);
                assertThat(record.metric("steps_per_second")).isEqualTo(42.77);
            });
        }

        @Test
        void aSummaryOfStepsThatNeverRanIsScaledToTheStepsDone() {
            // a callback stopped the run at step 946 of max_steps 1,000,000 (batch 64) after 30.3 s: the Trainer's
            // summary still divides the planned 64,000,000 samples by the runtime (seen on the H200, gpu-check.sh)
            frames("  0%|          | 946/1000000 [00:30<8:52:36, 31.26it/s]",
                    "{'train_runtime': '30.3', 'train_samples_per_second': '2.112e+06', 'train_steps_per_second': "
                            + "'3.3e+04', 'train_loss': '3.1', 'epoch': '0.3027'}");

            assertThat(finish()).singleElement().satisfies(record -> {
                assertThat(record.step()).isEqualTo(946L);
                assertThat(record.samplesPerSecond()).isCloseTo(946 * 64 / 30.3, within(946 * 64 / 30.3 * 0.01));
                assertThat((double) record.samples()).isCloseTo(946 * 64, within(946 * 64 * 0.01));
            });
        }

        @Test
        void theSummaryGivesSamplesPerSecondAndTotalSamples() {
            frames("100%|██████████| 60/60 [00:01<00:00, 43.66it/s]",
                    "{'train_runtime': '1.599', 'train_samples_per_second': '300.2', 'train_steps_per_second': "
                            + "'37.52', 'train_loss': '0.5966', 'epoch': '3'}");

            assertThat(finish()).singleElement().satisfies(record -> {
                assertThat(record.step()).isEqualTo(60L);
                assertThat(record.samplesPerSecond()).isEqualTo(300.2);
                assertThat(record.samples()).isEqualTo(480L);
                assertThat(record.loss()).as("train_loss is the run's mean, a metric").isNull();
            });
        }

        @Test
        void theHfFormatRecordsDictsOnly() {
            reader = OutputFormat.parse("hf").reader(ProgressHints.NONE);
            frames(" 17%|█▋        | 10/60 [00:00<00:01, 42.77it/s]");
            lines("iter 10: loss 0.5", "{'loss': '0.6767', 'epoch': '0.5'}");

            assertThat(finish()).singleElement().satisfies(record -> {
                assertThat(record.loss()).isEqualTo(0.6767);
                assertThat(record.step()).isEqualTo(10L);
            });
        }
    }

    @Nested
    class Evaluations {
        @Test
        void aTestResultsLabelScopesTheLossAfterIt() {
            // pytorch/examples gcn and gat
            lines("Epoch: 0002 (0.1034s) loss_train: 1.8456 acc_train: 0.2500 loss_val: 1.8234 acc_val: 0.4000",
                    "Test set results: loss 0.6543 accuracy 0.8010");

            assertThat(finish()).filteredOn(record -> record.loss() != null).extracting(Observation::loss)
                    .containsExactly(1.8456);
            assertThat(records).filteredOn(record -> record.metric("test_loss") != null).singleElement()
                    .satisfies(record -> {
                        assertThat(record.metric("test_loss")).isEqualTo(0.6543);
                        assertThat(record.metric("test_accuracy")).isEqualTo(0.801);
                    });
        }

        @Test
        void evaluationNamesAreMetricsOfTheirOwn() {
            lines("step 500: val loss 1.2, val accuracy 0.7", "[2]\teval-logloss:0.41");

            assertThat(finish()).allSatisfy(record -> assertThat(record.loss()).isNull());
            assertThat(records.get(0).metric("val_loss")).isEqualTo(1.2);
            assertThat(records.get(0).metric("val_accuracy")).isEqualTo(0.7);
            assertThat(records.get(1).metric("eval-logloss")).isEqualTo(0.41);
        }

        @Test
        void aTestLabelScopesItsLineOrTheNextOne() {
            lines("Test set: Average loss: 0.5513, Accuracy: 470/500 (94%)", "Test Error: ",
                    " Accuracy: 40.5%, Avg loss: 2.260311 ", "Test:   [0/6]  loss: 19.7966 (19.7966)  acc1: 0.0000");

            assertThat(finish()).allSatisfy(record -> assertThat(record.loss()).isNull());
            assertThat(records).extracting(record -> record.metric("test_loss"))
                    .containsExactly(0.5513, 2.260311, 19.7966);
            assertThat(records.get(0).metric("test_accuracy")).isEqualTo(0.94);
            assertThat(records.get(2).metric("test_acc1")).isEqualTo(0.0);
        }

        @Test
        void aTrainLossBesideAValLossIsAnEstimateWhenTrainingLinesNameTheirLossOtherwise() {
            lines("step 0: train loss 4.3449, val loss 4.3294", "iter 0: loss 4.3309, time 179.09ms",
                    "step 50: train loss 3.0600, val loss 3.3094", "iter 50: loss 3.0195, time 145.76ms");

            assertThat(finish()).extracting(Observation::loss).containsExactly(null, 4.3309, null, 3.0195);
            assertThat(records.get(0).metric("train_loss")).isEqualTo(4.3449);
            assertThat(records.get(2).metric("train_loss")).isEqualTo(3.06);
        }

        @Test
        void aTrainLossBesideAValLossIsTheTrainingLossOfAnEpochSummary() {
            lines("Epoch 1: train_loss 0.6513 valid_loss 0.5708", "Epoch 2: train_loss 0.4835 valid_loss 0.4808");

            assertThat(finish()).extracting(Observation::loss).containsExactly(0.6513, 0.4835);
            assertThat(records).extracting(record -> record.metric("valid_loss")).containsExactly(0.5708, 0.4808);
        }

        @Test
        void theFirstXgboostSetsLossLikeMetricIsTheTrainingLoss() {
            lines("[0]\tdtrain-merror:0.12381\tdtrain-mlogloss:1.13951\tvalid-merror:0.16000\tvalid-mlogloss:1.15579",
                    "[5]\tdtrain-merror:0.07429\tdtrain-mlogloss:0.56881\tvalid-merror:0.12667\tvalid-mlogloss:0.63762");

            assertThat(finish()).last().satisfies(record -> {
                assertThat(record.step()).isEqualTo(6L);
                assertThat(record.loss()).isEqualTo(0.56881);
                assertThat(record.metric("dtrain-merror")).isEqualTo(0.07429);
                assertThat(record.metric("valid-mlogloss")).isEqualTo(0.63762);
            });
        }
    }

    @Nested
    class Bursts {
        @Test
        void aTrainingLoggingThousandsOfLinesASecondIsSampledButItsLastLineAndOtherLinesAreRead() {
            for (int step = 1; step <= 1000; step++) {
                reader.line("step " + step + " | loss " + (2.0 - step / 1000.0), SEEN + step * 1e-5, records::add);
                if (step == 500) {
                    reader.line("step 500: val loss 1.7", SEEN + step * 1e-5, records::add);
                }
            }
            reader.line("done", SEEN + 1, records::add);

            List<Long> steps = finish().stream().filter(record -> record.loss() != null).map(Observation::step).toList();
            assertThat(steps).startsWith(1L, 2L, 3L).contains(100L).doesNotContain(101L, 999L).endsWith(1000L);
            assertThat(steps.size()).isLessThan(200);
            assertThat(with("val_loss")).singleElement().satisfies(record -> assertThat(record.step()).isEqualTo(500L));
        }

        @Test
        void linesAMillisecondOrMoreApartAreAllRead() {
            for (int step = 1; step <= 300; step++) {
                reader.line("step " + step + " | loss 0.5", SEEN + step * 0.002, records::add);
            }

            assertThat(finish()).hasSize(300);
        }

        private List<Observation> with(final String metric) {
            return records.stream().filter(record -> record.metrics().containsKey(metric)).toList();
        }
    }

    @Nested
    class Tables {
        @Test
        void rowsAreReadByTheHeadersColumns() {
            lines("  epoch    train_loss    valid_acc    valid_loss     dur",
                    "-------  ------------  -----------  ------------  ------",
                    "      1        0.6513       0.7250        0.5708  0.0148",
                    "      2        0.4835       0.7750        0.4808  0.0125");

            assertThat(finish()).extracting(Observation::epoch, Observation::loss)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1.0, 0.6513),
                            org.assertj.core.groups.Tuple.tuple(2.0, 0.4835));
            assertThat(records.get(1).metric("valid_acc")).isEqualTo(0.775);
        }

        @Test
        void aHeaderWithDigitsInItsNamesStartsANewTable() {
            // a second skorch fit in the same program, with an f1 scoring column
            lines("  epoch    train_loss     dur", "-------  ------------  ------", "      1        2.5485  0.0111");
            lines("  epoch      f1    train_acc    train_loss    valid_acc    valid_loss     dur",
                    "-------  ------  -----------  ------------  -----------  ------------  ------",
                    "      1  0.8030       0.5646        0.6699       0.7833        0.6065  0.0749");

            assertThat(finish()).extracting(Observation::loss).containsExactly(2.5485, 0.6699);
            assertThat(records.get(1).metric("f1")).isEqualTo(0.803);
            assertThat(records.get(1).metric("train_acc")).isEqualTo(0.5646);
            assertThat(records.get(1).metric("valid_loss")).isEqualTo(0.6065);
        }

        @Test
        void aRowDrawnInsideAProgressBarIsReadByItsHeader() {
            // Ultralytics YOLO: the row of the epoch's table is the description of the epoch's tqdm bar
            lines("      Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size");
            frames("        1/3         0G      1.234      2.567      1.012         45        640:  12%|█▎        "
                            + "| 1/8 [00:01<00:08,  1.14s/it]",
                    "        1/3         0G      1.104      2.427      0.992         40        640: 100%|██████████"
                            + "| 8/8 [00:09<00:00,  1.13s/it]");
            lines("      Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size");
            frames("        2/3         0G      1.004      2.067      0.912         45        640:  12%|█▎        "
                    + "| 1/8 [00:01<00:08,  1.14s/it]");

            assertThat(finish()).extracting(Observation::step).containsExactly(1L, 8L, 9L);
            assertThat(records).extracting(record -> record.metric("box_loss")).containsExactly(1.234, 1.104, 1.004);
            assertThat(records).extracting(Observation::epoch).containsExactly(0.125, 1.0, 1.125);
            assertThat(records.get(0).metric("steps_per_second")).isCloseTo(1 / 1.14, within(1e-9));
        }

        @Test
        void rightAlignedCellsFindTheirColumn() {
            lines("      Iter       Train Loss   Remaining Time ", "         1           1.2422            0.19s",
                    "        20           0.3771            0.12s");

            assertThat(finish()).extracting(Observation::step).containsExactly(1L, 20L);
            assertThat(records).extracting(Observation::loss).containsExactly(1.2422, 0.3771);
        }
    }

    @Nested
    class Throughput {
        @Test
        void tokensPerStepAndBatchSizeFromWhatTheProgramPrints() {
            lines("batch_size = 64", "Overriding: batch_size = 12", "gradient_accumulation_steps = 2",
                    "tokens per iteration will be: 768", "iter 5: loss 4.1991, time 16.00ms, mfu 0.01%");

            assertThat(finish()).singleElement().satisfies(record -> {
                assertThat(record.metric("steps_per_second")).isCloseTo(62.5, within(1e-9));
                assertThat(record.samplesPerSecond()).isCloseTo(62.5 * 12 * 2, within(1e-9));
                assertThat(record.metric("tokens_per_second")).isCloseTo(62.5 * 768, within(1e-9));
                assertThat(record.samples()).as("iter 5, counted from 1 until an iter 0 shows otherwise")
                        .isEqualTo(5 * 12 * 2L);
                assertThat(record.metric("mfu")).isEqualTo(0.01);
            });
        }

        @Test
        void theUsersBatchSizeWinsOverEverythingPrinted() {
            reader = OutputFormat.auto().reader(ProgressHints.of(10, List.of("train.py", "--batch-size", "32")));
            lines("batch_size = 64", "step 2 loss 0.5 1.0s/it");

            assertThat(finish()).singleElement().satisfies(record -> {
                assertThat(record.samplesPerSecond()).isEqualTo(10.0);
                assertThat(record.samples()).isEqualTo(20L);
            });
        }

        @Test
        void fairseqsKeyValueLogWithUpdatesAndWordsPerSecond() {
            lines("epoch 001:  10 / 1000 loss=9.5, nll_loss=9.4, ppl=700, wps=12345, ups=2.5, wpb=4096, bsz=128, "
                    + "num_updates=10, lr=1e-05, gnorm=1.2");

            assertThat(finish()).singleElement().satisfies(record -> {
                assertThat(record.step()).isEqualTo(10L);
                assertThat(record.loss()).isEqualTo(9.5);
                assertThat(record.metric("nll_loss")).isEqualTo(9.4);
                assertThat(record.metric("tokens_per_second")).isEqualTo(12345.0);
                assertThat(record.metric("steps_per_second")).isEqualTo(2.5);
                assertThat(record.samplesPerSecond()).isEqualTo(2.5 * 128);
            });
        }

        @Test
        void timmsMeterTakesTheCurrentRateNotItsAverage() {
            reader = OutputFormat.auto().reader(ProgressHints.of(null, List.of("train.py", "-b", "256")));
            lines("Train: 0 [   0/1251 (  0%)]  Loss: 6.925 (6.93)  Time: 3.092s,   82.80/s  (3.092s,   82.80/s)  "
                    + "LR: 1.000e-06  Data: 2.549 (2.549)",
                    "Train: 0 [  50/1251 (  4%)]  Loss: 6.929 (6.95)  Time: 0.383s,  668.06/s  (0.402s,  636.35/s)  "
                            + "LR: 1.000e-05  Data: 0.012 (0.020)");

            assertThat(finish()).last().satisfies(record -> {
                assertThat(record.loss()).isEqualTo(6.929);
                assertThat(record.metric("loss_avg")).isEqualTo(6.95);
                assertThat(record.samplesPerSecond()).isEqualTo(668.06);
                assertThat(record.learningRate()).isEqualTo(1e-05);
                assertThat(record.step()).isEqualTo(51L);
                assertThat(record.epoch()).isCloseTo(51 / 1251.0, within(1e-9));
            });
        }

        @Test
        void reportedSamplesPerSecondAndTokensPerSecondAreTakenAsPrinted() {
            lines("Epoch: [0]  [ 2/24]  img/s: 25.43  loss: 1.6669 (1.7643)  time: 0.1682",
                    "step 1/1000 | loss 2.75000 | lr 3.000e-04 | 41000 tok/s");

            assertThat(finish()).satisfiesExactly(
                    first -> assertThat(first.samplesPerSecond()).isEqualTo(25.43),
                    second -> assertThat(second.metric("tokens_per_second")).isEqualTo(41000.0));
        }
    }
}
