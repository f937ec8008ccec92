package io.jenkins.plugins.gputraining.runner.parse;

/**
 * Whether the training loss on a line that also reports evaluation metrics is the training loss.
 *
 * <p>Such a line is an epoch summary in some programs ({@code train_loss} and {@code valid_loss} of skorch's table,
 * Keras' last frame {@code loss … val_loss}) and an evaluation in others: nanoGPT's
 * {@code step 50: train loss 3.06, val loss 3.31} estimates the loss on held-out batches of both splits, while its
 * training loss comes from {@code iter 50: loss 3.02}. The two are told apart by the lines that report a training
 * loss without evaluation: when they name it as the mixed line does ({@code loss}), the mixed line carries the
 * training loss; when they name it otherwise, the mixed line's value is an evaluation and kept as a metric of its
 * own name. Until a line of either kind has decided it, the first mixed line is held back.
 */
final class EvaluationLines {
    /** What mixed lines' training loss is. */
    enum Verdict { UNDECIDED, TRAINING_LOSS, EVALUATION }

    private Verdict verdict = Verdict.UNDECIDED;
    private String trainingLossKey;

    Verdict verdict() {
        return verdict;
    }

    /** A line with a training loss and no evaluation metric, under {@code key}. */
    void trainingLine(final String key, final String heldKey) {
        if (trainingLossKey == null) {
            trainingLossKey = key;
        }
        if (verdict == Verdict.UNDECIDED && heldKey != null) {
            verdict = key.equals(heldKey) ? Verdict.TRAINING_LOSS : Verdict.EVALUATION;
        }
    }

    /** A mixed line whose training-loss candidate is {@code key}: its verdict, deciding it when it can. */
    Verdict mixedLine(final String key, final boolean anotherHeld) {
        if (verdict == Verdict.UNDECIDED) {
            if (trainingLossKey != null) {
                verdict = trainingLossKey.equals(key) ? Verdict.TRAINING_LOSS : Verdict.EVALUATION;
            }
            else if (anotherHeld) {
                verdict = Verdict.TRAINING_LOSS; // mixed lines follow each other: they are the training log
            }
        }
        return verdict;
    }

    /** The end of the output, or a long wait: what is held carries the training loss. */
    void settle() {
        if (verdict == Verdict.UNDECIDED) {
            verdict = Verdict.TRAINING_LOSS;
        }
    }
}
