package io.jenkins.plugins.gputraining.model.index;

import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.analytics.RunSummary;
import io.jenkins.plugins.gputraining.model.analytics.Summary;
import io.jenkins.plugins.gputraining.model.analytics.SummaryCalculator;
import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The run indexes of a service or plugin (docs/performance.md, "Run index"): in memory up to a number of bytes,
 * stored next to finished runs ({@link RunIndexFile}), and brought up to date incrementally for live ones
 * ({@link RunIndexBuilder}). Concurrent requests for one run share one computation (single flight): the first does
 * it under the run's lock, the others wait for it and take its result. A finished run's index is checked against its
 * files at most once every {@link #FINISHED_RECHECK_MILLIS}; a live run's is refreshed (with what its files gained)
 * when one of its files changed, and at least every {@link #LIVE_REFRESH_MILLIS} since its duration grows with the
 * clock. Thread-safe.
 */
public final class RunIndexCache {
    /** A live run's index is brought up to date at most this often. */
    public static final long LIVE_REFRESH_MILLIS = 500;
    /** A finished run's index is checked against its files at most this often. */
    public static final long FINISHED_RECHECK_MILLIS = 1000;
    /** Memory for indexes and live builders when the owner names none. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private final RunAnalyzer analyzer;
    private final Clock clock;
    private final long maxBytes;
    private final boolean store;
    private final Executor background;
    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
    /** The sum of the entries' {@code bytes}. */
    private final java.util.concurrent.atomic.AtomicLong totalBytes = new java.util.concurrent.atomic.AtomicLong();

    /** What the cache knows of one run. */
    private static final class Entry {
        private final Object lock = new Object();
        private final Path runPath;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private RunIndexBuilder builder;
        private volatile RunIndex index;
        private volatile RunSummary summary;
        private volatile List<SourceStamp> coverage;
        private volatile boolean live;
        /** A live run's files (length and modification time each) when it was last refreshed. */
        private volatile long[] liveFiles;
        private volatile long checkedAt;
        private volatile long lastUsed;
        private volatile long bytes;
        private volatile String failure;

        Entry(final Path runPath) {
            this.runPath = runPath;
        }
    }

    /**
     * @param analyzer computes the analytics (its thresholds are part of what a stored index must match)
     * @param clock measures how old an index is
     * @param maxBytes the memory indexes and live builders may hold together (least recently used go first)
     * @param store whether finished runs' indexes are written next to them
     * @param background where {@link #status} builds missing indexes, or {@code null} to leave that to the next
     *         {@link #index} call
     */
    public RunIndexCache(final RunAnalyzer analyzer, final Clock clock, final long maxBytes, final boolean store,
                         final Executor background) {
        this.analyzer = analyzer;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.store = store;
        this.background = background;
    }

    /**
     * The index of a run: from memory, from the stored file, or built (then stored when the run has finished); a live
     * run's is brought up to date with what its files gained.
     *
     * @throws ProgressException when the run cannot be read
     */
    public RunIndex index(final RunDirectory run) {
        Entry entry = entry(run);
        long now = clock.millis();
        entry.lastUsed = now;
        RunIndex current = entry.index;
        if (current != null && isFresh(run, entry, now)) {
            return current;
        }
        RunIndex next;
        synchronized (entry.lock) {
            current = entry.index;
            if (current != null && isFresh(run, entry, clock.millis())) {
                return current;
            }
            try {
                next = compute(run, entry);
            }
            catch (ProgressException e) {
                entry.failure = e.getMessage();
                entry.builder = null;
                entry.index = null;
                entry.summary = null;
                setBytes(entry, 0);
                throw e;
            }
            publish(entry, next);
        }
        evict(entry);
        return next;
    }

    private RunIndex compute(final RunDirectory run, final Entry entry) {
        if (entry.builder != null) {
            RunIndex refreshed = entry.builder.refresh();
            if (refreshed.isFinal()) {
                entry.builder = null;
                persist(run, refreshed);
            }
            return refreshed;
        }
        RunIndex stored = RunIndexFile.read(run, analyzer.thresholds()).orElse(null);
        if (stored != null) {
            return stored;
        }
        RunIndexBuilder builder = new RunIndexBuilder(run, analyzer);
        RunIndex built = builder.refresh();
        if (built.isFinal()) {
            persist(run, built);
        }
        else {
            entry.builder = builder;
        }
        return built;
    }

    private void persist(final RunDirectory run, final RunIndex index) {
        if (store) {
            RunIndexFile.write(run, index, analyzer.thresholds());
        }
    }

    private void publish(final Entry entry, final RunIndex index) {
        entry.index = index;
        entry.summary = index.summary();
        entry.live = !index.isFinal();
        entry.coverage = index.isFinal() ? index.coverage() : null;
        entry.failure = null;
        entry.checkedAt = clock.millis();
        entry.liveFiles = entry.live ? liveFiles(entry.runPath) : null;
        RunIndexBuilder builder = entry.builder;
        setBytes(entry, index.estimatedBytes() + (builder == null ? 0 : builder.estimatedBytes()));
    }

    private void setBytes(final Entry entry, final long bytes) {
        synchronized (entry) {
            totalBytes.addAndGet(bytes - entry.bytes);
            entry.bytes = bytes;
        }
    }

    /** Whether what the entry holds may be used now: a live run's recently refreshed, a finished run's unchanged. */
    private boolean isFresh(final RunDirectory run, final Entry entry, final long now) {
        if (entry.live) {
            return now - entry.checkedAt < LIVE_REFRESH_MILLIS
                    && java.util.Arrays.equals(entry.liveFiles, liveFiles(entry.runPath));
        }
        if (now - entry.checkedAt < FINISHED_RECHECK_MILLIS) {
            return true;
        }
        List<SourceStamp> coverage = entry.coverage;
        if (coverage == null) {
            return false;
        }
        try {
            for (SourceStamp stamp : coverage) {
                if (!stamp.matches(run.path())) {
                    return false;
                }
            }
        }
        catch (IOException e) {
            return false;
        }
        entry.checkedAt = now;
        return true;
    }

    /**
     * The summary figures of a run, as cheaply as they can be had: from memory, from a stored index's header, or
     * from its index.
     *
     * @throws ProgressException when the run cannot be read
     */
    public RunSummary summary(final RunDirectory run) {
        Entry entry = entry(run);
        long now = clock.millis();
        RunSummary summary = entry.summary;
        if (summary != null && isFresh(run, entry, now)) {
            return summary;
        }
        if (entry.index == null && !entry.live) {
            RunSummary stored = storedSummary(run, entry, now);
            if (stored != null) {
                return stored;
            }
        }
        return index(run).summary();
    }

    /** The summary in a valid stored index's header, taken into the entry; {@code null} when there is none. */
    private RunSummary storedSummary(final RunDirectory run, final Entry entry, final long now) {
        RunIndexFile.Header header = RunIndexFile.readHeader(run, analyzer.thresholds()).orElse(null);
        if (header == null) {
            return null;
        }
        entry.summary = header.summary();
        entry.coverage = header.coverage();
        entry.live = false;
        entry.checkedAt = now;
        return header.summary();
    }

    /**
     * What is known of a run without reading its records, for a listing: its latest summary (possibly a little
     * behind a live run), or why it could not be read. When nothing is known yet, or it is behind, its index is built
     * or brought up to date in the background (when the cache has an executor), and a later call knows more.
     *
     * @return the summary, or {@code null} when none is known yet
     */
    public Status status(final RunDirectory run) {
        Entry entry = entry(run);
        long now = clock.millis();
        RunSummary summary = entry.summary;
        if (summary == null && entry.failure == null) {
            RunSummary stored = storedSummary(run, entry, now);
            if (stored != null) {
                return new Status(stored, null);
            }
        }
        boolean behind = summary == null || entry.live && now - entry.checkedAt >= LIVE_REFRESH_MILLIS
                || !entry.live && now - entry.checkedAt >= FINISHED_RECHECK_MILLIS;
        if (behind) {
            schedule(run, entry);
        }
        return new Status(summary, entry.failure);
    }

    /**
     * What a listing shows of a run.
     *
     * @param summary the latest summary, or {@code null} when none is known yet
     * @param failure why the run could not be read the last time it was tried, or {@code null}
     */
    public record Status(RunSummary summary, String failure) {
    }

    private void schedule(final RunDirectory run, final Entry entry) {
        if (background == null || !entry.scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            background.execute(() -> {
                try {
                    index(run);
                }
                catch (RuntimeException e) {
                    // Remembered in the entry (a ProgressException) for the next listing.
                    if (!(e instanceof ProgressException)) {
                        entry.failure = "cannot be analysed: " + e;
                    }
                }
                finally {
                    entry.scheduled.set(false);
                }
            });
        }
        catch (RejectedExecutionException e) {
            entry.scheduled.set(false);
        }
    }

    /**
     * The summary of many runs from their indexes (stored ones are read by their headers only); runs without one are
     * indexed in parallel. A run that cannot be read is listed in {@code unreadable_runs} with its reason.
     */
    public Summary summarize(final Collection<RunDirectory> runs) {
        List<RunSummary> summaries = Collections.synchronizedList(new ArrayList<>(runs.size()));
        List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
        runs.parallelStream().forEach(run -> {
            try {
                summaries.add(summary(run));
            }
            catch (ProgressException e) {
                unreadable.add(run.path().getFileName() + ": " + e.getMessage());
            }
            catch (RuntimeException e) {
                // One run must never fail the others.
                unreadable.add(run.path().getFileName() + ": cannot be analysed: " + e);
            }
        });
        List<RunSummary> ordered = new ArrayList<>(summaries);
        ordered.sort(Comparator.comparing(RunSummary::runId, Comparator.nullsLast(Comparator.naturalOrder())));
        List<String> problems = new ArrayList<>(unreadable);
        Collections.sort(problems);
        return SummaryCalculator.summarize(ordered, problems);
    }

    /** Forgets a run (for example when it was deleted). */
    public void invalidate(final RunDirectory run) {
        Entry removed = entries.remove(key(run));
        if (removed != null) {
            setBytes(removed, 0);
        }
    }

    /** Runs the cache knows of. */
    public int size() {
        return entries.size();
    }

    /** Memory held by the indexes and builders in the cache, roughly. */
    public long estimatedBytes() {
        return totalBytes.get();
    }

    private Entry entry(final RunDirectory run) {
        return entries.computeIfAbsent(key(run), Entry::new);
    }

    private static final String[] LIVE_FILES = {ProgressFormat.PROGRESS_FILE, ProgressFormat.EVENTS_FILE,
            ProgressFormat.METRICS_FILE, ProgressFormat.TELEMETRY_FILE};

    /** Length and modification time of each of a run's files (-1 when missing): what a live index is checked by. */
    private static long[] liveFiles(final Path run) {
        long[] stamp = new long[LIVE_FILES.length * 2];
        for (int i = 0; i < LIVE_FILES.length; i++) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(run.resolve(LIVE_FILES[i]),
                        BasicFileAttributes.class);
                stamp[2 * i] = attributes.size();
                stamp[2 * i + 1] = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            }
            catch (IOException e) {
                stamp[2 * i] = -1;
            }
        }
        return stamp;
    }

    private static Path key(final RunDirectory run) {
        return run.path().toAbsolutePath().normalize();
    }

    /**
     * Drops the least recently used indexes until the cache fits its budget: finished runs' first (they come back
     * from their stored files), then live runs' builders (which must read their files again). Summaries stay.
     */
    private void evict(final Entry keep) {
        if (estimatedBytes() <= maxBytes) {
            return;
        }
        List<Entry> byAge = new ArrayList<>(entries.values());
        byAge.sort(Comparator.comparingLong(entry -> entry.lastUsed));
        for (boolean liveToo : new boolean[] {false, true}) {
            for (Entry entry : byAge) {
                if (entry == keep || entry.bytes == 0 || entry.live && !liveToo) {
                    continue;
                }
                synchronized (entry.lock) {
                    entry.index = null;
                    entry.builder = null;
                    setBytes(entry, 0);
                    if (entry.live) {
                        entry.summary = null;
                        entry.live = false;
                    }
                }
                if (estimatedBytes() <= maxBytes) {
                    return;
                }
            }
        }
    }
}
