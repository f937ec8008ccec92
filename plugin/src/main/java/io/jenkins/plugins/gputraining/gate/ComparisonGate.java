package io.jenkins.plugins.gputraining.gate;

import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.analytics.Winners;
import io.jenkins.plugins.gputraining.model.text.PrintableText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The gate of {@code compareTraining(requireBest: …)}: this build must win the named comparison categories
 * ({@code best_loss}, {@code best_throughput}, {@code fastest}, {@code most_efficient}), or the build becomes
 * {@link #result()}.
 *
 * @param categories the categories this build must win, in the order given
 * @param result what losing one makes the build
 */
public record ComparisonGate(List<String> categories, GateResult result) {
    /** The winner categories, as in the comparison JSON. */
    public static final List<String> CATEGORIES = List.of("best_throughput", "best_loss", "fastest", "most_efficient");

    public ComparisonGate {
        categories = List.copyOf(new LinkedHashSet<>(categories));
        for (String category : categories) {
            if (!CATEGORIES.contains(category)) {
                throw new IllegalArgumentException("requireBest names an unknown category \""
                        + PrintableText.printable(category) + "\"; the categories are " + String.join(", ", CATEGORIES));
            }
        }
        result = result == null ? GateResult.UNSTABLE : result;
        if (result == GateResult.SUCCESS) {
            throw new IllegalArgumentException("gateResult must be UNSTABLE or FAILURE");
        }
    }

    /**
     * Parses {@code requireBest}: one category, several separated by commas, or {@code null}/blank for none.
     */
    public static ComparisonGate parse(final String requireBest, final GateResult result) {
        List<String> categories = new ArrayList<>();
        if (requireBest != null) {
            for (String part : requireBest.split(",")) {
                if (!part.isBlank()) {
                    categories.add(part.trim());
                }
            }
        }
        return new ComparisonGate(categories, result);
    }

    public boolean isEmpty() {
        return categories.isEmpty();
    }

    /**
     * Judges a comparison.
     *
     * @param comparison the comparison, its runs named by key
     * @param own the keys of this build's runs (a category won by any of them counts)
     */
    public GateOutcome evaluate(final Comparison comparison, final Set<String> own) {
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String category : categories) {
            String winner = winner(comparison.winner(), category);
            if (winner == null) {
                failures.add(category + ": no run qualified, so this build did not win it");
            }
            else if (!own.contains(winner)) {
                failures.add(category + " was won by " + winner + ", not by this build");
            }
        }
        return new GateOutcome(failures.isEmpty() ? GateResult.SUCCESS : result, failures, notes);
    }

    /** The winner of a category. */
    public static String winner(final Winners winners, final String category) {
        Function<Winners, String> getter = switch (category) {
            case "best_throughput" -> Winners::bestThroughput;
            case "best_loss" -> Winners::bestLoss;
            case "fastest" -> Winners::fastest;
            case "most_efficient" -> Winners::mostEfficient;
            default -> throw new IllegalArgumentException("unknown category " + PrintableText.printable(category));
        };
        return getter.apply(winners);
    }
}
