package io.jenkins.plugins.gputraining.api;

import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.series.RunSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Objects;

/**
 * Everything pages read of one finished run, loaded once from a local copy of its run directory: the analytics,
 * the chart series (primitive columns) and progress.json as stored. Immutable; the build action keeps it behind a
 * soft reference, so the JVM may drop it under memory pressure and it is loaded again when next asked for.
 *
 * @param analytics the run analytics
 * @param series the chart series
 * @param progressJson progress.json's bytes
 * @param checkpoints the checkpoints progress.json lists
 */
public record LoadedRun(RunAnalytics analytics, RunSeries series, byte[] progressJson, List<Checkpoint> checkpoints) {
    public LoadedRun {
        Objects.requireNonNull(analytics, "analytics");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(progressJson, "progressJson");
        checkpoints = List.copyOf(checkpoints);
    }

    /**
     * Loads a run directory (the model reads it; a problem is a {@code ProgressException} naming the file).
     *
     * @param run the run directory, local
     * @param analyzer the analyzer (thresholds, clock)
     */
    public static LoadedRun load(final RunDirectory run, final RunAnalyzer analyzer) {
        return read(run, analyzer);
    }

    /**
     * Loads an archived run in place, from the controller's disk, once every file it reads is checked to stay in
     * its folder ({@link RunFiles#requireContained}).
     *
     * @throws io.jenkins.plugins.gputraining.model.api.ApiRequestException 403 when a file is a link out of it
     */
    public static LoadedRun loadArchived(final java.nio.file.Path folder, final RunAnalyzer analyzer) {
        RunFiles.requireContained(folder);
        return read(RunDirectory.at(folder), analyzer);
    }

    private static LoadedRun read(final RunDirectory run, final RunAnalyzer analyzer) {
        byte[] progress;
        try {
            progress = Files.readAllBytes(run.file(ProgressFormat.PROGRESS_FILE));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read progress.json of " + run.path(), e);
        }
        ProgressSnapshot snapshot = run.readProgress();
        return new LoadedRun(analyzer.analyze(run), RunSeries.read(run), progress, snapshot.checkpoints());
    }
}
