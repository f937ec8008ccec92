package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.index.RunIndexCache;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The service's run indexes (docs/performance.md, "Run index"): one {@link RunIndexCache} that stores finished runs'
 * indexes next to them, holds at most a quarter of the heap (and at most {@link RunIndexCache#DEFAULT_MAX_BYTES}), and
 * builds the indexes a listing asks about on one background thread, so that listing runs never reads their records.
 */
final class RunIndexes implements AutoCloseable {
    private final RunIndexCache cache;
    private final ExecutorService background;

    private RunIndexes(final RunIndexCache cache, final ExecutorService background) {
        this.cache = cache;
        this.background = background;
    }

    static RunIndexes forService() {
        ThreadPoolExecutor background = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "run-index-builder");
                    thread.setDaemon(true);
                    thread.setPriority(Thread.MIN_PRIORITY);
                    return thread;
                });
        background.allowCoreThreadTimeOut(true);
        long budget = Math.min(RunIndexCache.DEFAULT_MAX_BYTES, Runtime.getRuntime().maxMemory() / 4);
        return new RunIndexes(new RunIndexCache(new RunAnalyzer(), Clock.systemUTC(), budget, true, background),
                background);
    }

    RunIndexCache cache() {
        return cache;
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
