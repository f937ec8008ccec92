package io.jenkins.plugins.gputraining.runner.parse;

/**
 * What a name printed on the console stands for (see {@link MetricNameClassifier}).
 *
 * @param role what the number under this name is
 * @param key the name as a metric key: lower case, words joined by '_' ({@code Avg. loss} → {@code avg_loss})
 * @param evaluation whether the name says it is measured on held-out data ({@code val loss}, {@code eval_loss},
 *         {@code valid_acc}, {@code Test}): an evaluation metric, never the training loss
 * @param rank for {@link Role#LOSS}: 0 for {@code loss} itself, 1 for a training qualifier ({@code train_loss}),
 *         2 for others ({@code avg_loss}, {@code total_loss}); a line's training loss is its lowest rank
 * @param unit for {@link Role#RATE}: what it counts per second
 * @param set for {@link Role#SET_METRIC}: the evaluation set an xgboost-style {@code set-metric} name names
 * @param metric for {@link Role#SET_METRIC}: the metric part
 */
record MetricName(Role role, String key, boolean evaluation, int rank, ThroughputUnit unit, String set,
                  String metric) {
    /** The kinds of named numbers the console reader tells apart. */
    enum Role {
        /** A training loss ({@code loss}, {@code train_loss}, {@code Avg. loss}), or an evaluation one. */
        LOSS,
        /** A quality metric ({@code accuracy}, {@code acc1}, {@code Validation score}, {@code perplexity}). */
        METRIC,
        /** {@code set-metric} as xgboost prints it: {@code train-logloss}, {@code validation_1-rmse}. */
        SET_METRIC,
        /** The optimizer step or iteration ({@code step}, {@code iter}, {@code Iteration}, {@code global_step}). */
        STEP,
        EPOCH,
        LEARNING_RATE,
        /** Seconds per step ({@code time}, {@code batch_time}). */
        STEP_TIME,
        /** A throughput ({@code img/s}, {@code samples_per_second}, {@code tokens_per_sec}). */
        RATE,
        /** Cumulative samples ({@code samples}, {@code consumed_samples}). */
        SAMPLES,
        BATCH_SIZE,
        GRADIENT_ACCUMULATION,
        /** Tokens per optimizer step ({@code tokens per iteration}). */
        TOKENS_PER_STEP,
        /** Times to go or gone ({@code eta}, {@code elapsed}) and bookkeeping ({@code v_num}): not metrics. */
        IGNORED,
        /** Anything else: kept as an extra metric when the line reports progress. */
        OTHER
    }

    static MetricName of(final Role role, final String key, final boolean evaluation) {
        return new MetricName(role, key, evaluation, 0, null, null, null);
    }
}
