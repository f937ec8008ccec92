package io.jenkins.plugins.gputraining.model.analytics;

import java.util.List;

/**
 * Runs side by side, with the winner of each category: the comparison shape of the analytics contract (docs/analytics.md).
 *
 * @param jobs the runs, in the order asked for
 * @param winner the winner of each category
 */
public record Comparison(List<ComparedRun> jobs, Winners winner) {
    public Comparison {
        jobs = List.copyOf(jobs);
    }
}
