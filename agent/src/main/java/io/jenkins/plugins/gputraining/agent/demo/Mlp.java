package io.jenkins.plugins.gputraining.agent.demo;

import java.util.Random;

/**
 * A two-layer perceptron, {@code inputs → hidden (tanh) → classes (softmax)}, trained with mini-batch SGD with
 * momentum on the cross-entropy loss; forward pass and backpropagation written out by hand over plain arrays.
 *
 * <p>All parameters live in one flat array ({@link #parameters()}): {@code W1} ({@code inputs × hidden}, row
 * major), {@code b1}, {@code W2} ({@code hidden × classes}), {@code b2}. The momentum buffer
 * ({@link #velocity()}) has the same layout. The update is PyTorch's: {@code v = μ·v + g; p = p − lr·v}.
 *
 * <p>Scratch buffers for one batch are allocated once; a training step allocates nothing.
 */
final class Mlp {
    private final int inputs;
    private final int hidden;
    private final int classes;
    private final int offB1;
    private final int offW2;
    private final int offB2;
    private final double[] parameters;
    private final double[] velocity;
    private final double[] gradient;
    private final double[] activation;
    private final double[] logits;
    private final double[] delta;

    Mlp(final int inputs, final int hidden, final int classes) {
        if (inputs < 1 || hidden < 1 || classes < 2) {
            throw new IllegalArgumentException("bad shape " + inputs + "-" + hidden + "-" + classes);
        }
        this.inputs = inputs;
        this.hidden = hidden;
        this.classes = classes;
        this.offB1 = inputs * hidden;
        this.offW2 = offB1 + hidden;
        this.offB2 = offW2 + hidden * classes;
        int count = offB2 + classes;
        this.parameters = new double[count];
        this.velocity = new double[count];
        this.gradient = new double[count];
        this.activation = new double[hidden];
        this.logits = new double[classes];
        this.delta = new double[hidden];
    }

    /** The number of parameters of an MLP of this shape. */
    static int parameterCount(final int inputs, final int hidden, final int classes) {
        return inputs * hidden + hidden + hidden * classes + classes;
    }

    /**
     * Gaussian initialisation: {@code W1 ~ N(0, 1/inputs)} so the tanh units start in their useful range, and a
     * small {@code W2 ~ N(0, 0.01/hidden)} so the first predictions are near uniform (loss ≈ ln classes); zero
     * biases and momentum.
     */
    void initialize(final long seed) {
        Random random = new Random(seed);
        double scale1 = 1 / Math.sqrt(inputs);
        for (int i = 0; i < offB1; i++) {
            parameters[i] = random.nextGaussian() * scale1;
        }
        double scale2 = 0.1 / Math.sqrt(hidden);
        for (int i = offW2; i < offB2; i++) {
            parameters[i] = random.nextGaussian() * scale2;
        }
        java.util.Arrays.fill(parameters, offB1, offW2, 0);
        java.util.Arrays.fill(parameters, offB2, parameters.length, 0);
        java.util.Arrays.fill(velocity, 0);
    }

    int inputs() {
        return inputs;
    }

    int hidden() {
        return hidden;
    }

    int classes() {
        return classes;
    }

    /** The live parameter array (checkpoints read and restore it in place). */
    double[] parameters() {
        return parameters;
    }

    /** The live momentum buffer. */
    double[] velocity() {
        return velocity;
    }

    /** The gradient of the last {@link #accumulateGradient} call. */
    double[] gradient() {
        return gradient;
    }

    /**
     * Computes the mean cross-entropy loss of a batch and its gradient (into {@link #gradient()}).
     *
     * @param x the inputs, {@code inputs} values per sample
     * @param y the labels
     * @param batch the indices of the batch's samples in {@code x}/{@code y}
     * @param count how many entries of {@code batch} to use
     * @param stats receives {@code [loss, correct]}: the mean loss and the number of correct predictions
     */
    void accumulateGradient(final double[] x, final int[] y, final int[] batch, final int count,
            final double[] stats) {
        java.util.Arrays.fill(gradient, 0);
        double lossSum = 0;
        int correct = 0;
        double inv = 1.0 / count;
        for (int n = 0; n < count; n++) {
            int sample = batch[n];
            int label = y[sample];
            int xOff = sample * inputs;
            forward(x, xOff);
            int predicted = softmaxInPlace();
            if (predicted == label) {
                correct++;
            }
            lossSum -= Math.log(Math.max(logits[label], 1e-300));
            // dL/dlogit_k = (p_k - [k == label]) / count
            logits[label] -= 1;
            for (int k = 0; k < classes; k++) {
                double g = logits[k] * inv;
                logits[k] = g;
                gradient[offB2 + k] += g;
            }
            for (int h = 0; h < hidden; h++) {
                double a = activation[h];
                int row = offW2 + h * classes;
                double back = 0;
                for (int k = 0; k < classes; k++) {
                    gradient[row + k] += a * logits[k];
                    back += parameters[row + k] * logits[k];
                }
                delta[h] = back * (1 - a * a);
            }
            for (int h = 0; h < hidden; h++) {
                gradient[offB1 + h] += delta[h];
            }
            for (int d = 0; d < inputs; d++) {
                double xd = x[xOff + d];
                int row = d * hidden;
                for (int h = 0; h < hidden; h++) {
                    gradient[row + h] += xd * delta[h];
                }
            }
        }
        stats[0] = lossSum * inv;
        stats[1] = correct;
    }

    /** One SGD step with momentum over the gradient of the last {@link #accumulateGradient} call. */
    void applyGradient(final double learningRate, final double momentum) {
        for (int i = 0; i < parameters.length; i++) {
            double v = momentum * velocity[i] + gradient[i];
            velocity[i] = v;
            parameters[i] -= learningRate * v;
        }
    }

    /** Mean loss and accuracy over samples {@code [0, count)} of a data set: {@code [loss, accuracy]}. */
    double[] evaluate(final double[] x, final int[] y, final int count) {
        double lossSum = 0;
        int correct = 0;
        for (int sample = 0; sample < count; sample++) {
            forward(x, sample * inputs);
            if (softmaxInPlace() == y[sample]) {
                correct++;
            }
            lossSum -= Math.log(Math.max(logits[y[sample]], 1e-300));
        }
        return new double[] {lossSum / count, (double) correct / count};
    }

    /** The class probabilities of one input (a fresh array; for tests and inspection). */
    double[] predict(final double[] x) {
        forward(x, 0);
        softmaxInPlace();
        return logits.clone();
    }

    private void forward(final double[] x, final int xOff) {
        for (int h = 0; h < hidden; h++) {
            double z = parameters[offB1 + h];
            for (int d = 0; d < inputs; d++) {
                z += x[xOff + d] * parameters[d * hidden + h];
            }
            activation[h] = Math.tanh(z);
        }
        for (int k = 0; k < classes; k++) {
            double z = parameters[offB2 + k];
            for (int h = 0; h < hidden; h++) {
                z += activation[h] * parameters[offW2 + h * classes + k];
            }
            logits[k] = z;
        }
    }

    /** Turns {@link #logits} into probabilities (max-shifted for stability); returns the arg max. */
    private int softmaxInPlace() {
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (logits[k] > logits[best]) {
                best = k;
            }
        }
        double max = logits[best];
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            double e = Math.exp(logits[k] - max);
            logits[k] = e;
            sum += e;
        }
        for (int k = 0; k < classes; k++) {
            logits[k] /= sum;
        }
        return best;
    }
}
