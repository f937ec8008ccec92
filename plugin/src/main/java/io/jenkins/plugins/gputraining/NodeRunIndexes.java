package io.jenkins.plugins.gputraining;

import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.index.RunIndex;
import io.jenkins.plugins.gputraining.model.index.RunIndexCache;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.time.Clock;

/**
 * The run indexes of live runs on the node that runs them, for the live pages' calls: each call folds only what the
 * run's files gained since the last one (docs/performance.md, "Run index"), instead of reading the whole run. Holds
 * at most an eighth of the node JVM's heap (at most 32 MB); nothing is stored (the runner stores a finished run's
 * index itself).
 */
final class NodeRunIndexes {
    private static final RunIndexCache CACHE = new RunIndexCache(new RunAnalyzer(), Clock.systemUTC(),
            Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 8), false, null);

    private NodeRunIndexes() {
    }

    static RunIndex index(final RunDirectory run) {
        return CACHE.index(run);
    }
}
