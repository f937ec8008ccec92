package io.jenkins.plugins.gputraining;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gputraining.api.LoadedRun;
import io.jenkins.plugins.gputraining.api.RunFiles;
import io.jenkins.plugins.gputraining.api.TrainingJson;
import io.jenkins.plugins.gputraining.gate.GateOutcome;
import io.jenkins.plugins.gputraining.gate.GateResult;
import io.jenkins.plugins.gputraining.gate.QualityGates;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.view.EfficiencyBand;
import io.jenkins.plugins.gputraining.view.Formats;
import io.jenkins.plugins.gputraining.view.TrainingSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.util.BuildListenerAdapter;

/**
 * Archives a run directory, reads the archived run back, stores its summary in the build, and applies the quality
 * gates: what {@code trainOnGpu} does after the agent exits and what {@code recordTraining} does.
 */
final class TrainingRecorder {
    static final String PREFIX = "[gpu-training] ";

    private TrainingRecorder() {
    }

    /**
     * Archives {@code runDirectory} (and the checkpoints below {@code checkpointBase} when asked) under the run's
     * artifact folder.
     *
     * @return the checkpoint paths archived
     */
    static List<String> archive(final Run<?, ?> build, final FilePath runDirectory, final FilePath checkpointBase,
                                final boolean archiveCheckpoints, final TrainingRun run, final Launcher launcher,
                                final TaskListener listener) throws IOException, InterruptedException {
        String folder = run.getArtifactPath();
        Map<String, String> files = new LinkedHashMap<>();
        String root = runDirectory.getRemote();
        for (FilePath file : runDirectory.list(RunFiles.ARCHIVE_INCLUDES, RunFiles.ARCHIVE_EXCLUDES)) {
            String relative = relative(root, file.getRemote());
            files.put(folder + "/" + relative, relative);
        }
        if (files.isEmpty()) {
            throw new IOException("the run directory " + root + " holds no files to archive");
        }
        listener.getLogger().println(PREFIX + "Archiving " + files.size() + " run files under " + folder + "/");
        build.pickArtifactManager().archive(runDirectory, launcher, BuildListenerAdapter.wrap(listener), files);
        List<String> archived = new ArrayList<>();
        if (archiveCheckpoints && checkpointBase != null) {
            Map<String, String> checkpointFiles = new LinkedHashMap<>();
            Set<String> checkpoints = new LinkedHashSet<>();
            for (String[] pair : runDirectory.act(new CheckpointFilesCallable(checkpointBase.getRemote()))) {
                checkpoints.add(pair[0]);
                checkpointFiles.put(folder + "/" + RunFiles.CHECKPOINTS_FOLDER + "/" + pair[1], pair[1]);
            }
            if (checkpointFiles.isEmpty()) {
                listener.getLogger().println(PREFIX + "No checkpoint files to archive below " + checkpointBase.getRemote());
            }
            else {
                listener.getLogger().println(PREFIX + "Archiving " + checkpoints.size() + " checkpoint(s), "
                        + checkpointFiles.size() + " files");
                build.pickArtifactManager().archive(checkpointBase, launcher, BuildListenerAdapter.wrap(listener),
                        checkpointFiles);
                archived.addAll(checkpoints);
            }
        }
        return archived;
    }

    /**
     * Reads the archived run, records its summary and gate verdict in the build, prints them, and sets the build's
     * result when a gate failed.
     *
     * @return the run analytics as a map (the step's return value)
     */
    static Map<String, Object> finish(final Run<?, ?> build, final TrainingBuildAction action, final TrainingRun run,
                                      final QualityGates gates, final List<String> archivedCheckpoints,
                                      final TaskListener listener) throws IOException {
        LoadedRun loaded = ArchivedRuns.load(build, run);
        RunAnalytics analytics = loaded.analytics();
        GateOutcome outcome = gates.isEmpty() ? null : gates.evaluate(analytics);
        TrainingSummary summary = TrainingSummary.of(analytics);
        synchronized (action) {
            run.recorded(summary, outcome, archivedCheckpoints);
        }
        run.cache(loaded);
        build.save();
        PrintStream log = listener.getLogger();
        log.println(PREFIX + "Run " + run.getId() + ": " + summary.getStatus() + ", final loss "
                + Formats.loss(summary.getFinalLoss()) + ", " + Formats.throughput(summary.getThroughput())
                + ", GPU " + Formats.percent(summary.getGpuUtilization()) + ", efficiency "
                + EfficiencyBand.label(summary.getOverallScore()) + ", " + summary.getAlertCount() + " alert(s)");
        if (outcome != null) {
            for (String note : outcome.notes()) {
                log.println(PREFIX + "Quality gate note: " + note);
            }
            if (outcome.isPassed()) {
                log.println(PREFIX + "Quality gates passed");
            }
            else {
                for (String failure : outcome.failures()) {
                    log.println(PREFIX + "Quality gate failed: " + failure);
                }
                Result result = outcome.result() == GateResult.FAILURE ? Result.FAILURE : Result.UNSTABLE;
                log.println(PREFIX + "Setting the build result to " + result);
                build.setResult(result);
            }
        }
        return TrainingJson.toMap(AnalyticsJson.toTree(analytics));
    }

    static String relative(final String root, final String path) {
        String normalizedRoot = root.replace('\\', '/');
        String normalized = path.replace('\\', '/');
        if (!normalizedRoot.endsWith("/")) {
            normalizedRoot += "/";
        }
        return normalized.startsWith(normalizedRoot) ? normalized.substring(normalizedRoot.length()) : normalized;
    }
}
