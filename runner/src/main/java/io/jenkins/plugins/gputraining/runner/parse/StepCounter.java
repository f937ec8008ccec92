package io.jenkins.plugins.gputraining.runner.parse;

/**
 * One step or batch counter a training prints ({@code iter 25}, {@code Step [100/200]}, {@code [ 3/24]},
 * {@code [320/1280 (25%)]}, {@code [0]}), and what its numbers mean, learned from the values it shows:
 *
 * <ul>
 *   <li>whether it counts from 0 (its first value is 0: {@code iter 0}, {@code [0]}, {@code [ 0/24]}); the step of a
 *       0-based index is the index + 1, so that rounds and iterations count as steps done;</li>
 *   <li>whether it restarts every epoch ({@code Epoch [2/5], Step [100/200]}): assumed while the first epoch is
 *       seen, and dropped when a new epoch does not bring it back down;</li>
 *   <li>for an unnamed counter in brackets, whether it counts steps or samples: pytorch/examples print samples seen
 *       ({@code [320/1280 (25%)]}), torchvision's reference scripts a batch index ({@code [ 3/24]}). With a known batch
 *       size B a counter whose values are all multiples of B counts samples, one with any other value counts steps;
 *       without B it stays unknown and yields a fractional epoch only, never a guessed step. A counter that starts
 *       at 1 or moves by exactly 1 ({@code [1/40]}, {@code [2/40]} of scikit-learn's HistGradientBoosting) counts
 *       steps either way: a samples counter moves by 1 only with one sample per step and one line per step.</li>
 * </ul>
 */
final class StepCounter {
    /** What the counter counts. */
    enum Unit { STEPS, SAMPLES, UNKNOWN }

    private final boolean unitKnown;
    private boolean seen;
    private boolean zeroBased;
    private Boolean perEpoch;
    private double lastEpoch = Double.NaN;
    private double lastValue = Double.NaN;
    private boolean nonMultiple;
    private boolean movesByOne;
    private int nonZeroValues;

    /** @param countsSteps whether its name or shape says it counts steps (a named step, a progress bar, [N]) */
    StepCounter(final boolean countsSteps) {
        this.unitKnown = countsSteps;
    }

    /** Takes the next value, seen in {@code epoch} (NaN when none is known). */
    void observe(final double value, final double epoch, final Integer batchSize) {
        if (!seen) {
            seen = true;
            zeroBased = value == 0;
            movesByOne = value == 1;
        }
        else if (value == lastValue + 1) {
            movesByOne = true;
        }
        if (!Double.isNaN(epoch) && !Double.isNaN(lastEpoch) && epoch != lastEpoch && perEpoch == null) {
            perEpoch = value <= lastValue; // it came back down with the new epoch
        }
        lastEpoch = epoch;
        lastValue = value;
        if (value != 0) {
            nonZeroValues++;
            if (batchSize != null && batchSize > 1 && value % batchSize != 0) {
                nonMultiple = true;
            }
        }
    }

    Unit unit(final Integer batchSize) {
        if (unitKnown || nonMultiple || movesByOne) {
            return Unit.STEPS;
        }
        if (batchSize == null) {
            return Unit.UNKNOWN;
        }
        return nonZeroValues >= 1 || batchSize == 1 ? Unit.SAMPLES : Unit.UNKNOWN;
    }

    /** Whether the value restarts each epoch; until an epoch change shows otherwise, it is taken to. */
    boolean perEpoch() {
        return perEpoch == null || perEpoch;
    }

    /** Steps done when the counter shows {@code value}: an index counts from 0, a count from 1. */
    long stepsDone(final double value) {
        return Math.round(zeroBased ? value + 1 : value);
    }
}
