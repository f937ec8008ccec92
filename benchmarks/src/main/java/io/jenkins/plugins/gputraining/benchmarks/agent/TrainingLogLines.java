package io.jenkins.plugins.gputraining.benchmarks.agent;

/**
 * Lines like a training prints: mostly logger lines with the step, loss, learning rate and throughput, and every
 * hundredth a HuggingFace Trainer 5.x log dict (values as quoted strings), which the agent's parser turns into a
 * metric record. About 120 bytes a line, ASCII, so building one costs well under a microsecond.
 */
final class TrainingLogLines {
    /** One line in a hundred is a Trainer log dict: a metric record for the agent. */
    static final int DICT_EVERY = 100;

    private final StringBuilder line = new StringBuilder(192);
    private byte[] bytes = new byte[256];

    /** Line {@code i} (from 0) of {@code total}, as ASCII bytes with its newline; valid until the next call. */
    byte[] line(final long i, final long total) {
        line.setLength(0);
        double progress = total <= 0 ? 0 : (double) i / total;
        double loss = 0.25 + 2.5 * Math.exp(-4 * progress) + 0.01 * ((i * 7919) % 13);
        double learningRate = 3e-4 * (1 - progress);
        if (i % DICT_EVERY == DICT_EVERY - 1) {
            line.append("{'loss': '");
            fixed(loss, 4);
            line.append("', 'grad_norm': '");
            fixed(1 + (i % 17) / 10.0, 4);
            line.append("', 'learning_rate': '");
            fixed(learningRate * 1e5, 4);
            line.append("e-05', 'epoch': '");
            fixed(progress * 3, 4);
            line.append("'}");
        }
        else {
            long seconds = i / 1000;
            line.append("2025-06-01 ");
            two(12 + seconds / 3600 % 12);
            line.append(':');
            two(seconds / 60 % 60);
            line.append(':');
            two(seconds % 60);
            line.append(',');
            line.append(100 + i % 900);
            line.append(" INFO trainer.py:512 step ").append(i + 1).append('/').append(total)
                    .append(" | loss ");
            fixed(loss, 5);
            line.append(" | lr ");
            fixed(learningRate * 1e4, 3);
            line.append("e-04 | grad_norm ");
            fixed(1 + (i % 17) / 10.0, 3);
            line.append(" | ").append(41000 + i % 977).append(" tok/s");
        }
        line.append('\n');
        int length = line.length();
        if (bytes.length < length) {
            bytes = new byte[length * 2];
        }
        for (int c = 0; c < length; c++) {
            bytes[c] = (byte) line.charAt(c);
        }
        this.length = length;
        return bytes;
    }

    private int length;

    /** The length of the last line, newline included. */
    int length() {
        return length;
    }

    private void two(final long value) {
        if (value < 10) {
            line.append('0');
        }
        line.append(value);
    }

    private void fixed(final double value, final int decimals) {
        long scale = 1;
        for (int d = 0; d < decimals; d++) {
            scale *= 10;
        }
        long scaled = Math.round(value * scale);
        line.append(scaled / scale).append('.');
        String fraction = Long.toString(scaled % scale);
        line.append("0".repeat(decimals - fraction.length())).append(fraction);
    }
}
