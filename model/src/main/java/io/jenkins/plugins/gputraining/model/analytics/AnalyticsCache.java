package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
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
 * cancelled) is checked by its progress.json alone; a live one by all its files, and at most
 * {@link #LIVE_MAX_AGE_MILLIS} old since its duration grows with the clock. Thread-safe.
 */
public final class AnalyticsCache {
    /** Live runs are recomputed at least this often. */
    public static final long LIVE_MAX_AGE_MILLIS = 1000;

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

    private record Entry(long[] fingerprint, boolean finished, long computedAt, RunAnalytics analytics) {
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
        if (entry != null) {
            long[] current = fingerprint(run, entry.finished() ? FINISHED_FILES : LIVE_FILES);
            boolean fresh = entry.finished() || now - entry.computedAt() < LIVE_MAX_AGE_MILLIS;
            if (fresh && Arrays.equals(current, entry.fingerprint())) {
                return entry.analytics();
            }
        }
        // Fingerprint before reading: a change during the analysis then shows up as a change next time.
        long[] live = fingerprint(run, LIVE_FILES);
        RunAnalytics analytics = analyzer.analyze(run);
        boolean finished = isFinished(analytics.status());
        long[] fingerprint = finished ? fingerprint(run, FINISHED_FILES) : live;
        entries.put(key, new Entry(fingerprint, finished, now, analytics));
        return analytics;
    }

    /**
     * The summary of many runs; runs are analysed in parallel on a cold cache. A run that cannot be read is
     * listed in {@code unreadable_runs} with its reason instead of failing the summary.
     */
    public Summary summarize(final Collection<RunDirectory> runs) {
        List<RunSummary> summaries = Collections.synchronizedList(new ArrayList<>(runs.size()));
        List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
        runs.parallelStream().forEach(run -> {
            try {
                summaries.add(RunSummary.of(analytics(run)));
            }
            catch (ProgressException e) {
                unreadable.add(run.path().getFileName() + ": " + e.getMessage());
            }
        });
        List<RunSummary> ordered = new ArrayList<>(summaries);
        ordered.sort((a, b) -> String.valueOf(a.jobId()).compareTo(String.valueOf(b.jobId())));
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

    private static boolean isFinished(final String status) {
        return "completed".equals(status) || "failed".equals(status) || "cancelled".equals(status);
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
