package io.jenkins.plugins.gputraining.runner.parse;

import java.util.List;
import java.util.Locale;

/**
 * What the agent knows about a run before reading its output: the batch size it was told ({@code run --batch-size})
 * and the one the training command's own arguments give ({@code --batch-size 32}, {@code --batch_size=12},
 * {@code -b 8}, {@code --per_device_train_batch_size 8}), with gradient accumulation
 * ({@code --gradient_accumulation_steps 2}).
 *
 * @param batchSize samples per optimizer step as the user told the agent, or {@code null}
 * @param commandBatchSize the batch size the command's arguments give, or {@code null}
 * @param commandAccumulation the gradient accumulation steps the command's arguments give, or {@code null}
 */
public record ProgressHints(Integer batchSize, Integer commandBatchSize, Integer commandAccumulation) {
    /** Nothing known. */
    public static final ProgressHints NONE = new ProgressHints(null, null, null);

    /**
     * @param batchSize {@code run --batch-size}, or {@code null}
     * @param command the training command with its arguments
     */
    public static ProgressHints of(final Integer batchSize, final List<String> command) {
        return new ProgressHints(batchSize, argument(command, true), argument(command, false));
    }

    /** A batch-size or accumulation argument's value: {@code --name N} or {@code --name=N}. */
    private static Integer argument(final List<String> command, final boolean batch) {
        Integer found = null;
        for (int i = 0; i < command.size(); i++) {
            String argument = command.get(i);
            int equals = argument.indexOf('=');
            String name = (equals > 0 ? argument.substring(0, equals) : argument).toLowerCase(Locale.ROOT);
            if (!name.startsWith("-") || !(batch ? isBatchSize(name) : isAccumulation(name))) {
                continue;
            }
            String value = equals > 0 ? argument.substring(equals + 1)
                    : i + 1 < command.size() ? command.get(i + 1) : null;
            Integer parsed = positive(value);
            if (parsed != null) {
                found = parsed; // the last one wins, as with argparse
            }
        }
        return found;
    }

    private static boolean isBatchSize(final String name) {
        return switch (name.replace('-', '_')) {
            case "__batch_size", "__batchsize", "__train_batch_size", "__per_device_train_batch_size", "__bs",
                 "_b" -> true;
            default -> false;
        };
    }

    private static boolean isAccumulation(final String name) {
        return switch (name.replace('-', '_')) {
            case "__gradient_accumulation_steps", "__grad_accum", "__grad_accum_steps", "__accumulate_grad_batches" ->
                    true;
            default -> false;
        };
    }

    private static Integer positive(final String value) {
        if (value == null || value.isEmpty() || value.length() > 9) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return null;
            }
        }
        int parsed = Integer.parseInt(value);
        return parsed > 0 ? parsed : null;
    }
}
