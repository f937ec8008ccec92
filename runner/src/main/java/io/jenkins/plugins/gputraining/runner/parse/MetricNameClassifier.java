package io.jenkins.plugins.gputraining.runner.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tells what a printed name stands for: training loss, evaluation metric, step, epoch, learning rate, time per
 * step, throughput with its unit, batch size … (docs/metrics-protocol.md has the table).
 *
 * <p>Matching is by whole words, never by substring: a name is a stem ({@code loss}, {@code accuracy}, {@code lr})
 * with qualifiers around it ({@code train}, {@code avg}, {@code val}, {@code test}, …). So {@code val loss} is an
 * evaluation loss, {@code Avg. loss} a training loss, {@code kl_loss} a component kept as an extra metric, and
 * {@code Accuracy of the network on the} nothing at all. Results are cached per spelling; not thread-safe.
 */
final class MetricNameClassifier {
    private static final int CACHE_LIMIT = 4096;

    private static final Set<String> EVALUATION = Set.of("val", "valid", "validation", "eval", "evaluation", "test",
            "testing", "dev", "holdout");
    private static final Set<String> TRAINING = Set.of("train", "training", "trn", "dtrain");
    private static final Set<String> QUALIFIERS = Set.of("avg", "average", "mean", "running", "smoothed", "smooth",
            "total", "cur", "current", "last", "global", "overall", "final", "epoch", "batch", "step", "set", "results",
            "result");
    /**
     * The rank of a component loss ({@code Loss_D}): a line's training loss only when it is the line's one loss
     * (ranks 0–2 are a plain loss, a training loss and a qualified one).
     */
    static final int COMPONENT_RANK = 3;
    private static final Set<String> LOSS_STEMS = Set.of("loss", "logloss", "mlogloss", "objective");
    private static final Set<String> METRIC_STEMS = Set.of("acc", "accuracy", "acc1", "acc5", "acc@1", "acc@5",
            "top1", "top5", "top-1", "top-5", "error", "err", "merror", "auc", "aucpr", "f1", "score", "precision",
            "recall", "bleu", "rouge", "perplexity", "ppl", "map", "ndcg", "iou", "miou", "dice", "wer", "cer", "r2",
            "mcc", "rmse", "mse", "mae", "rmsle", "mape", "nll", "reward");
    /** xgboost's evaluation metrics, the part after the set name (xgboost's parameter documentation). */
    private static final Set<String> SET_METRICS = Set.of("rmse", "rmsle", "mae", "mape", "mphe", "logloss",
            "error", "merror", "mlogloss", "auc", "aucpr", "ndcg", "map", "pre", "poisson-nloglik", "gamma-nloglik",
            "cox-nloglik", "gamma-deviance", "tweedie-nloglik", "aft-nloglik", "interval-regression-accuracy", "mse",
            "nloglik", "deviance");

    private final Map<String, MetricName> cache = new HashMap<>();

    /** Whether a word names an evaluation set: val, valid, eval, test, dev, holdout … */
    static boolean isEvaluationWord(final String word) {
        return EVALUATION.contains(word);
    }

    /** What {@code printed} stands for. */
    MetricName classify(final String printed) {
        MetricName known = cache.get(printed);
        if (known == null) {
            if (cache.size() == CACHE_LIMIT) {
                cache.clear();
            }
            known = compute(printed);
            cache.put(printed, known);
        }
        return known;
    }

    /** {@code Avg. loss} → {@code avg_loss}; '-', '@' and '/' stay. */
    static String key(final String printed) {
        StringBuilder key = new StringBuilder(printed.length());
        boolean gap = false;
        for (int i = 0; i < printed.length(); i++) {
            char c = printed.charAt(i);
            if (c == ' ' || c == '.' || c == '\t' || c == '_') {
                gap = key.length() > 0;
            }
            else {
                if (gap) {
                    key.append('_');
                    gap = false;
                }
                key.append(Character.toLowerCase(c));
            }
        }
        return key.toString();
    }

    private static MetricName compute(final String printed) {
        String key = key(printed);
        MetricName special = special(key);
        if (special != null) {
            return special;
        }
        List<String> words = words(key);
        if (words.isEmpty()) {
            return MetricName.of(MetricName.Role.OTHER, key, false);
        }
        MetricName setMetric = setMetric(key);
        if (setMetric != null) {
            return setMetric;
        }
        boolean evaluation = false;
        boolean training = false;
        List<String> rest = new ArrayList<>(words.size());
        for (String word : words) {
            if (EVALUATION.contains(word)) {
                evaluation = true;
            }
            else if (TRAINING.contains(word)) {
                training = true;
            }
            else if (!QUALIFIERS.contains(word)) {
                rest.add(word);
            }
        }
        if (rest.size() == 1) {
            String stem = rest.get(0);
            if (LOSS_STEMS.contains(stem)) {
                int rank = words.size() == 1 ? 0 : training && words.size() == 2 ? 1 : 2;
                return new MetricName(MetricName.Role.LOSS, key, evaluation, rank, null, null, null);
            }
            if (METRIC_STEMS.contains(stem)) {
                return MetricName.of(MetricName.Role.METRIC, key, evaluation);
            }
            ThroughputUnit rate = rateName(stem);
            if (rate != null && !evaluation) {
                return new MetricName(MetricName.Role.RATE, key, false, 0, rate, null, null);
            }
        }
        if (isComponentLoss(rest)) {
            return new MetricName(MetricName.Role.LOSS, key, evaluation, COMPONENT_RANK, null, null, null);
        }
        if (batchSize(words)) {
            return MetricName.of(MetricName.Role.BATCH_SIZE, key, false);
        }
        if (tokensPerStep(words)) {
            return MetricName.of(MetricName.Role.TOKENS_PER_STEP, key, false);
        }
        // "Test", "Validation": a scope on its own names an evaluation counter or label
        return MetricName.of(MetricName.Role.OTHER, key, evaluation && rest.isEmpty() || evaluation && !training
                && words.size() > 1 && METRIC_STEMS.contains(words.get(words.size() - 1)));
    }

    /**
     * {@code Loss_D}, {@code kl_loss}, {@code loss_cls}: one part of a loss made of several (a GAN's two players, a
     * VAE's terms, a detector's heads). Never preferred to a plain loss; see {@link #COMPONENT_RANK}.
     */
    private static boolean isComponentLoss(final List<String> rest) {
        if (rest.size() != 2) {
            return false;
        }
        boolean first = LOSS_STEMS.contains(rest.get(0));
        boolean second = LOSS_STEMS.contains(rest.get(1));
        String other = first ? rest.get(1) : rest.get(0);
        return first != second && !other.equals("scale") && !other.equals("scaler");
    }

    private static MetricName special(final String key) {
        MetricName.Role role = switch (key) {
            case "step", "global_step", "globalstep", "iter", "iteration", "num_updates", "update", "batch",
                 "batch_idx", "optimizer_step", "train_step", "trainer/global_step", "episode" -> MetricName.Role.STEP;
            case "epoch", "ep", "train_epoch", "training_epoch" -> MetricName.Role.EPOCH;
            case "lr", "learning_rate", "learningrate", "lr0", "base_lr", "learning_rate_0" ->
                    MetricName.Role.LEARNING_RATE;
            case "time", "batch_time", "iter_time", "step_time", "time_per_step", "time_per_iter",
                 "time_per_iteration", "sec/it", "s/it", "s/batch", "sec/batch", "s/step", "ms/batch", "ms/step",
                 "ms/it", "ms/iter" -> MetricName.Role.STEP_TIME;
            case "samples", "samples_seen", "num_samples_seen", "seen_samples", "consumed_samples",
                 "total_samples_seen" -> MetricName.Role.SAMPLES;
            case "bs", "bsz", "batchsize", "batch_size", "train_batch_size", "per_device_train_batch_size",
                 "total_train_batch_size" -> MetricName.Role.BATCH_SIZE;
            case "gradient_accumulation_steps", "grad_accum", "grad_accum_steps", "grad_accumulation_steps",
                 "gradient_accumulation", "accumulate_grad_batches" -> MetricName.Role.GRADIENT_ACCUMULATION;
            // plurals are settings (epochs=2, steps=1000, num_epochs), not where the training stands
            case "epochs", "steps", "iters", "iterations", "batches", "updates", "num_epochs", "max_epochs",
                 "max_steps", "eta", "elapsed", "remaining", "remaining_time", "time_left", "left", "v_num", "wall",
                 "train_wall",
                 "total_time", "total_training_time", "training_time", "took" -> MetricName.Role.IGNORED;
            default -> null;
        };
        if (role != null) {
            return MetricName.of(role, key, false);
        }
        if (key.startsWith("lr-") || key.startsWith("lr/") || key.startsWith("learning_rate-")) {
            return MetricName.of(MetricName.Role.LEARNING_RATE, key, false); // Lightning's LearningRateMonitor
        }
        ThroughputUnit rate = Units.rate(key);
        if (rate != null) {
            return new MetricName(MetricName.Role.RATE, key, false, 0, rate, null, null); // img/s: 25.4
        }
        return switch (key) {
            case "samples_per_second", "samples_per_sec", "train_samples_per_second", "sps", "samplespersecond",
                 "throughput" -> new MetricName(MetricName.Role.RATE, key, false, 0, ThroughputUnit.SAMPLES, null,
                    null);
            case "tokens_per_second", "tokens_per_sec", "tok_per_sec", "tokens/sec", "tok/sec", "wps",
                 "train_tokens_per_second" -> new MetricName(MetricName.Role.RATE, key, false, 0,
                    ThroughputUnit.TOKENS, null, null);
            case "steps_per_second", "steps_per_sec", "train_steps_per_second", "ups", "it_per_sec", "iter_per_sec" ->
                    new MetricName(MetricName.Role.RATE, key, false, 0, ThroughputUnit.STEPS, null, null);
            default -> null;
        };
    }

    private static ThroughputUnit rateName(final String stem) {
        return stem.equals("throughput") ? ThroughputUnit.SAMPLES : null;
    }

    /** {@code train-logloss}, {@code validation_0-rmse}, {@code dtrain-merror}: xgboost's {@code set-metric}. */
    private static MetricName setMetric(final String key) {
        int dash = key.indexOf('-');
        while (dash > 0) {
            String metric = key.substring(dash + 1);
            int at = metric.indexOf('@');
            String bare = at > 0 ? metric.substring(0, at) : metric;
            if (SET_METRICS.contains(bare)) {
                String set = key.substring(0, dash);
                return new MetricName(MetricName.Role.SET_METRIC, key, false, 0, null, set, metric);
            }
            dash = key.indexOf('-', dash + 1);
        }
        return null;
    }

    private static boolean batchSize(final List<String> words) {
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals("batch") && words.get(i + 1).equals("size")) {
                for (String word : words) {
                    if (EVALUATION.contains(word)) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** nanoGPT: "tokens per iteration will be: 768". */
    private static boolean tokensPerStep(final List<String> words) {
        return words.size() >= 3 && (words.get(0).equals("tokens") || words.get(0).equals("tok"))
                && words.get(1).equals("per") && Units.counted(words.get(2)) == ThroughputUnit.STEPS;
    }

    /** The words of a key: split at '_' and, for names that are not set-metric pairs, nothing else. */
    private static List<String> words(final String key) {
        List<String> words = new ArrayList<>(4);
        int start = 0;
        for (int i = 0; i <= key.length(); i++) {
            if (i == key.length() || key.charAt(i) == '_') {
                if (i > start) {
                    words.add(key.substring(start, i).toLowerCase(Locale.ROOT));
                }
                start = i + 1;
            }
        }
        return words;
    }
}
