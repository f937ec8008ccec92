package io.jenkins.plugins.gputraining.runner.parse;

import java.util.Locale;

/**
 * Which reported names land in which field of an {@link Observation}, shared by every source so that a metric means
 * the same thing whether it came from a HuggingFace line, a JSON line, a regex group or a metrics file.
 */
final class MetricNames {
    /** The fields of an observation; {@link #OTHER} goes to its metrics map. */
    enum Field { TIME, STEP, EPOCH, LOSS, LEARNING_RATE, SAMPLES_PER_SECOND, SAMPLES, OTHER }

    /**
     * Below this a {@code time} value is not epoch seconds (it is elapsed time, or a step counter): 2001-09-09.
     */
    static final double EARLIEST_EPOCH_SECONDS = 1e9;

    private MetricNames() {
    }

    static Field field(final String name) {
        return switch (name) {
            case "time" -> Field.TIME;
            case "step", "global_step" -> Field.STEP;
            case "epoch" -> Field.EPOCH;
            case "loss" -> Field.LOSS;
            case "learning_rate", "lr", "learningRate" -> Field.LEARNING_RATE;
            case "samples_per_second", "samplesPerSecond", "samples_per_sec", "sps" -> Field.SAMPLES_PER_SECOND;
            case "samples" -> Field.SAMPLES;
            default -> Field.OTHER;
        };
    }

    /** Whether the name is the field's own spelling (which wins over an alias such as {@code lr}). */
    static boolean isCanonical(final String name) {
        return switch (name) {
            case "time", "step", "epoch", "loss", "learning_rate", "samples_per_second", "samples" -> true;
            default -> false;
        };
    }

    /**
     * Whether a name that is no field still marks its dict as a training log (HF's eval and final summary lines
     * carry only such names besides {@code epoch}); a printed configuration dict has none of them.
     */
    static boolean isTrainingMetric(final String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("loss") || lower.startsWith("train_") || lower.startsWith("eval_")
                || lower.startsWith("test_") || lower.startsWith("val_") || lower.startsWith("predict_")
                || lower.equals("grad_norm");
    }
}
