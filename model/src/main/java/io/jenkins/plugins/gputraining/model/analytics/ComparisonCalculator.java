package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Compares runs and picks winners (docs/analytics.md): a run missing a category's metric is left out of that
 * category; ties go to the run listed first.
 */
public final class ComparisonCalculator {
    private ComparisonCalculator() {
    }

    public static Comparison compare(final List<RunAnalytics> runs) {
        List<ComparedRun> rows = runs.stream().map(ComparedRun::of).toList();
        return new Comparison(rows, new Winners(
                best(rows, ComparedRun::throughput, Comparator.reverseOrder(), row -> true),
                best(rows, ComparedRun::finalLoss, Comparator.naturalOrder(), row -> true),
                best(rows, ComparedRun::durationSeconds, Comparator.naturalOrder(),
                        row -> RunStatus.COMPLETED.is(row.status())),
                best(rows, ComparedRun::overallScore, Comparator.reverseOrder(), row -> true)));
    }

    private static String best(final List<ComparedRun> rows, final Function<ComparedRun, Double> metric,
                               final Comparator<Double> better, final Predicate<ComparedRun> eligible) {
        ComparedRun winner = null;
        for (ComparedRun row : rows) {
            Double value = metric.apply(row);
            if (value == null || !Double.isFinite(value) || !eligible.test(row)) {
                continue;
            }
            // Strictly better only: on a tie the earlier run keeps the title.
            if (winner == null || better.compare(value, metric.apply(winner)) < 0) {
                winner = row;
            }
        }
        return winner == null ? null : winner.runId();
    }
}
