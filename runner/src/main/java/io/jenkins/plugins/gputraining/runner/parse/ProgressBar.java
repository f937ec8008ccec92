package io.jenkins.plugins.gputraining.runner.parse;

import java.util.List;

/**
 * A progress bar a training redraws with '\r' (tqdm, Keras' Progbar, rich), followed frame by frame so that every
 * frame with a new value becomes a record at the right step.
 *
 * <p>The bar's counter {@code n/N} is the number of items done. Values shown in the bar (tqdm's
 * {@code set_postfix(loss=…)}, a description, Keras' metrics) are written by the loop body, and tqdm draws them in
 * one of two orders, told apart by the first frame that shows a value:
 * <ul>
 *   <li><b>value first</b> ({@code for batch in tqdm(loader): …; bar.set_postfix(loss=…)}): the body of step k runs
 *       while the counter still shows k−1, so the first value appears at n = 0. Each redraw at an unchanged counter is
 *       then one more step (tqdm throttles the counter's redraws but not set_postfix's), counted from the last
 *       counter redraw: step = n + redraws since n changed.</li>
 *   <li><b>counter first</b> ({@code bar.update(1)} before {@code set_postfix}, {@code refresh=False}, Keras,
 *       Lightning): the value of step n appears at n, first at n ≥ 1, and step = n.</li>
 * </ul>
 * A frame at n = N (the bar's closing redraw) or one that follows other output (tqdm.write redraws the bar) is no new
 * step.
 */
final class ProgressBar {
    private final String key;
    private final double total;
    /** Steps before this bar: earlier epochs. */
    private final long base;
    private double lastN = Double.NaN;
    private int redrawsAtN;
    private Boolean valueFirst;
    private List<Object> lastValues = List.of();

    ProgressBar(final String key, final double total, final long base) {
        this.key = key;
        this.total = total;
        this.base = base;
    }

    /**
     * The next bar of the same loop (the next epoch's): it draws its values in the same order, and the values it
     * first shows may be the last bar's, carried over (Lightning keeps its postfix across epochs): not a new step's.
     */
    ProgressBar following(final double nextTotal, final long nextBase) {
        ProgressBar next = new ProgressBar(key, nextTotal, nextBase);
        next.valueFirst = valueFirst;
        next.lastValues = lastValues;
        return next;
    }

    String key() {
        return key;
    }

    double total() {
        return total;
    }

    long base() {
        return base;
    }

    /**
     * The step and whether this frame shows a value of a step not shown before.
     *
     * @param sameStep a redraw at the same count of a loop that draws its counter first: values that change on it
     *                 (an evaluation, an epoch's mean) belong to the step already recorded
     * @param before   what the frame before it showed (names and values)
     */
    record Frame(long step, boolean newValues, boolean sameStep, List<Object> before) {
        /** Whether this frame shows {@code name} with another value than the frame before it, or for the first time. */
        boolean changed(final String name, final double value) {
            for (int i = 0; i + 1 < before.size(); i += 2) {
                if (before.get(i).equals(name)) {
                    return !before.get(i + 1).equals(value);
                }
            }
            return true;
        }
    }

    /**
     * Takes the next frame.
     *
     * @param n the counter
     * @param values what the frame shows besides the counter (names and values), for telling a new step's values
     * @param followsOutput whether other output came between the previous frame of this bar and this one
     */
    Frame next(final double n, final List<Object> values, final boolean followsOutput) {
        boolean changed = !values.equals(lastValues);
        boolean hasValues = !values.isEmpty();
        if (hasValues && valueFirst == null) {
            valueFirst = n == 0;
        }
        long step;
        boolean newValues;
        if (Double.isNaN(lastN) || n != lastN) {
            redrawsAtN = 0;
            step = base + Math.round(n);
            // a counter redraw shows the values of the step that just ended: new only when the values changed
            // (values carried over from the last bar are unchanged: no step's)
            newValues = hasValues && changed && (!Boolean.TRUE.equals(valueFirst) || n == 0);
            if (newValues && Boolean.TRUE.equals(valueFirst) && n == 0) {
                redrawsAtN = 1;
                step = base + 1;
            }
        }
        else if (hasValues && Boolean.TRUE.equals(valueFirst) && !followsOutput
                && (Double.isNaN(total) || n < total)) {
            redrawsAtN++;
            step = base + Math.round(n) + redrawsAtN;
            newValues = true;
        }
        else {
            step = base + Math.round(n) + (Boolean.TRUE.equals(valueFirst) ? redrawsAtN : 0);
            newValues = hasValues && changed;
        }
        boolean sameStep = !Double.isNaN(lastN) && n == lastN && !Boolean.TRUE.equals(valueFirst);
        Frame frame = new Frame(step, newValues, sameStep, lastValues);
        lastN = n;
        lastValues = values;
        return frame;
    }

    /**
     * Whether the counter shows less than the last frame did: a new bar of the same shape (the next epoch's), not a
     * redraw. Redraws at an unchanged counter (a description set every step) are no restart.
     */
    boolean wentBack(final double n) {
        return n < lastN;
    }

    /** The step the bar stands at now. */
    long step() {
        if (Double.isNaN(lastN)) {
            return base;
        }
        return base + Math.round(lastN) + (Boolean.TRUE.equals(valueFirst) ? redrawsAtN : 0);
    }
}
