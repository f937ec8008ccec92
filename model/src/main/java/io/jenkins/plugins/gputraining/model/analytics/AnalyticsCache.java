package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-run analytics cached by the run directory's file sizes and modification times, so that summaries and
 * comparisons over thousands of runs recompute only the runs that changed. A finished run (completed, failed,
 * cancelled) no longer writes its files: it is checked by its progress.json alone, at most every
 * {@link #FINISHED_RECHECK_MILLIS}. A live one is checked by all its files and recomputed at least every
 * {@link #LIVE_MAX_AGE_MILLIS}, since its duration grows with the clock. Thread-safe.
 */
public final class AnalyticsCache {
    /** Live runs are recomputed at least this often. */
    public static final long LIVE_MAX_AGE_MILLIS = 1000;
    /** A finished run's progress.json is checked for a change at most this often. */
    public static final long FINISHED_RECHECK_MILLIS = 1000;
    private static final java.util.Comparator<RunSummary> BY_JOB_ID =
            java.util.Comparator.comparing(RunSummary::runId, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));

    private static final String[] LIVE_FILES = {ProgressFormat.PROGRESS_FILE, ProgressFormat.METRICS_FILE,
            ProgressFormat.TELEMETRY_FILE, ProgressFormat.EVENTS_FILE};
    private static final String[] FINISHED_FILES = {ProgressFormat.PROGRESS_FILE};

    private final RunAnalyzer analyzer;
    private final Clock clock;
    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

    public AnalyticsCache(final RunAnalyzer analyzer, final Clock clock) {
        this.analyzer = analyzer;
        this.clock = clock;
    }

    /** A cached analysis; {@code checkedAt} moves on each time a finished run is found unchanged. */
    private static final class Entry {
        private final long[] fingerprint;
        private final boolean finished;
        private final long computedAt;
        private final RunAnalytics analytics;
        private final RunSummary summary;
        private volatile long checkedAt;

        Entry(final long[] fingerprint, final boolean finished, final long computedAt, final RunAnalytics analytics) {
            this.fingerprint = fingerprint;
            this.finished = finished;
            this.computedAt = computedAt;
            this.checkedAt = computedAt;
            this.analytics = analytics;
            this.summary = RunSummary.of(analytics);
        }

        long[] fingerprint() {
            return fingerprint;
        }

        boolean finished() {
            return finished;
        }

        long computedAt() {
            return computedAt;
        }

        long checkedAt() {
            return checkedAt;
        }

        void checked(final long now) {
            checkedAt = now;
        }

        RunAnalytics analytics() {
            return analytics;
        }

        RunSummary summary() {
            return summary;
        }
    }

    /**
     * The analytics of a run, from the cache when its files have not changed.
     *
     * @throws ProgressException when the run cannot be read
     */
    public RunAnalytics analytics(final RunDirectory run) {
        Path key = run.path().toAbsolutePath().normalize();
        Entry entry = entries.get(key);
        long now = clock.millis();
        if (entry != null && isValid(run, entry, now)) {
            return entry.analytics();
        }
        // progress.json is fingerprinted before it is read: a change during the analysis shows up next time.
        long[] progress = fingerprint(run, FINISHED_FILES);
        RunAnalytics analytics = analyzer.analyze(run);
        boolean finished = RunStatus.fromJson(analytics.status()).isFinished();
        // A live run's other files are checked too; its entry also expires, so a change missed here is bounded.
        long[] fingerprint = finished ? progress : fingerprint(run, LIVE_FILES);
        entries.put(key, new Entry(fingerprint, finished, now, analytics));
        return analytics;
    }

    private boolean isValid(final RunDirectory run, final Entry entry, final long now) {
        if (entry.finished()) {
            if (now - entry.checkedAt() < FINISHED_RECHECK_MILLIS) {
                return true;
            }
            boolean unchanged = Arrays.equals(fingerprint(run, FINISHED_FILES), entry.fingerprint());
            if (unchanged) {
                entry.checked(now);
            }
            return unchanged;
        }
        return now - entry.computedAt() < LIVE_MAX_AGE_MILLIS
                && Arrays.equals(fingerprint(run, LIVE_FILES), entry.fingerprint());
    }

    /**
     * The summary of many runs; runs missing from the cache are analysed in parallel. A run that cannot be read is
     * listed in {@code unreadable_runs} with its reason instead of failing the summary.
     */
    public Summary summarize(final Collection<RunDirectory> runs) {
        List<RunSummary> summaries = Collections.synchronizedList(new ArrayList<>(runs.size()));
        List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
        long now = clock.millis();
        List<RunDirectory> misses = new ArrayList<>();
        for (RunDirectory run : runs) {
            Entry entry = entries.get(run.path().toAbsolutePath().normalize());
            if (entry != null && isValid(run, entry, now)) {
                summaries.add(entry.summary());
            }
            else {
                misses.add(run);
            }
        }
        misses.parallelStream().forEach(run -> {
            try {
                summaries.add(RunSummary.of(analytics(run)));
            }
            catch (ProgressException e) {
                unreadable.add(run.path().getFileName() + ": " + e.getMessage());
            }
            catch (RuntimeException e) {
                // One run must never fail the others: a fault of ours reading it is reported as its reason too.
                unreadable.add(run.path().getFileName() + ": cannot be analysed: " + e);
            }
        });
        List<RunSummary> ordered = new ArrayList<>(summaries);
        ordered.sort(BY_JOB_ID);
        List<String> problems = new ArrayList<>(unreadable);
        Collections.sort(problems);
        return SummaryCalculator.summarize(ordered, problems);
    }

    /** Drops a run's cached analytics (for example when it was deleted). */
    public void invalidate(final RunDirectory run) {
        entries.remove(run.path().toAbsolutePath().normalize());
    }

    public int size() {
        return entries.size();
    }

    private static long[] fingerprint(final RunDirectory run, final String[] files) {
        long[] fingerprint = new long[files.length * 2];
        for (int i = 0; i < files.length; i++) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(run.file(files[i]), BasicFileAttributes.class);
                fingerprint[2 * i] = attributes.size();
                fingerprint[2 * i + 1] = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            catch (NoSuchFileException e) {
                fingerprint[2 * i] = -1;
            }
            catch (IOException e) {
                throw new ProgressException("cannot read " + run.file(files[i]) + ": " + e.getMessage(), e);
            }
        }
        return fingerprint;
    }
}
