package io.jenkins.plugins.gputraining.api;

import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.index.RunIndex;
import io.jenkins.plugins.gputraining.model.index.RunIndexFile;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.series.RunCharts;
import java.util.List;
import java.util.Objects;

/**
 * Everything pages read of one finished run, loaded once from a local copy of its run directory: the analytics,
 * the chart series (the run index's downsamples: a few thousand points per series however long the run) and
 * progress.json as stored. Immutable; the build action keeps it behind a soft reference, so the JVM may drop it under
 * memory pressure and it is loaded again when next asked for.
 *
 * @param analytics the run analytics
 * @param series the chart series
 * @param progressJson progress.json's bytes
 * @param checkpoints the checkpoints progress.json lists
 */
public record LoadedRun(RunAnalytics analytics, RunCharts series, byte[] progressJson, List<Checkpoint> checkpoints) {
    public LoadedRun {
        Objects.requireNonNull(analytics, "analytics");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(progressJson, "progressJson");
        checkpoints = List.copyOf(checkpoints);
    }

    /**
     * Loads a run directory through its index (the model reads it; a problem is a {@code ProgressException} naming
     * the file): the stored index while it is valid, else one built in a single pass over the run's files.
     *
     * @param run the run directory, local
     * @param analyzer the analyzer (thresholds, clock)
     * @param storeIndex whether a built index is stored next to the run (not in a temporary copy)
     */
    public static LoadedRun load(final RunDirectory run, final RunAnalyzer analyzer, final boolean storeIndex) {
        byte[] progress = run.progressBytes();
        ProgressSnapshot snapshot = run.parseProgress(progress);
        RunIndex index = RunIndexFile.readOrBuild(run, analyzer, storeIndex);
        return new LoadedRun(index.analytics(), index, progress, snapshot.checkpoints());
    }

    /** Loads a run directory through its index, storing none (a copy, or a folder that is not the run's home). */
    public static LoadedRun load(final RunDirectory run, final RunAnalyzer analyzer) {
        return load(run, analyzer, false);
    }

    /**
     * Loads an archived run in place, from the controller's disk, once every file it reads is checked to stay in
     * its folder ({@link RunFiles#requireContained}); a built index is stored next to it.
     *
     * @throws io.jenkins.plugins.gputraining.model.api.ApiRequestException 403 when a file is a link out of it
     */
    public static LoadedRun loadArchived(final java.nio.file.Path folder, final RunAnalyzer analyzer) {
        RunFiles.requireContained(folder);
        return load(RunDirectory.at(folder), analyzer, true);
    }
}
