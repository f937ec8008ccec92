package io.jenkins.plugins.gputraining.model.control;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import java.util.Locale;

/**
 * How a training is paused.
 * <ul>
 *   <li>{@code suspend}: SIGSTOP to the whole process tree, SIGCONT to resume; the GPU memory stays allocated.
 *       Multi-process NCCL jobs can time out while suspended.</li>
 *   <li>{@code checkpoint}: the trainer is asked to checkpoint and exit (a signal, or a control file it polls);
 *       the GPU is freed, and resume relaunches the command from the newest checkpoint.</li>
 * </ul>
 */
public enum PauseMode {
    SUSPEND, CHECKPOINT;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code suspend} or {@code checkpoint}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static PauseMode parse(final String value) {
        for (PauseMode mode : values()) {
            if (mode.jsonName().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown pause mode \"" + PrintableText.printable(value)
                + "\"; expected suspend or checkpoint");
    }

    /**
     * A mode as a user typed it (any case, blanks around): {@code null} or blank means the run's default.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static PauseMode parseOptional(final String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return parse(value.strip().toLowerCase(Locale.ROOT));
    }
}
