package io.jenkins.plugins.gputraining;

import hudson.model.BuildBadgeAction;
import hudson.model.Run;
import io.jenkins.plugins.gputraining.api.LoadedRun;
import io.jenkins.plugins.gputraining.model.analytics.Alert;
import io.jenkins.plugins.gputraining.view.CheckpointRow;
import io.jenkins.plugins.gputraining.view.EfficiencyBand;
import io.jenkins.plugins.gputraining.view.RunKey;
import io.jenkins.plugins.gputraining.view.TrainedBuild;
import io.jenkins.plugins.gputraining.view.TrainingBuildView;
import io.jenkins.plugins.gputraining.view.TrainingRunView;
import io.jenkins.plugins.gputraining.view.TrainingSummary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * The training runs of one build: the build's "GPU Training" page ({@code <build>/training/}, rendered from the
 * Jenkins-free {@link TrainingBuildView} this action proxies to), its summary cards on the build's main page, its
 * badge in the build history, and its runs in the build's {@code api/json} ({@code @ExportedBean}). {@code build.xml}
 * keeps only each run's small {@link TrainingSummary}; analytics and chart series load from the archived artifacts
 * when a page asks, behind soft references.
 */
@ExportedBean
public class TrainingBuildAction implements RunAction2, BuildBadgeAction, StaplerProxy {
    static final String URL_NAME = "training";
    private static final Logger LOGGER = Logger.getLogger(TrainingBuildAction.class.getName());

    private final List<TrainingRun> runs = new ArrayList<>();
    private transient Run<?, ?> owner;

    TrainingBuildAction() {
    }

    /** The build's training action, attached now if the build has none yet. */
    static TrainingBuildAction attach(final Run<?, ?> build) {
        synchronized (build) {
            TrainingBuildAction action = build.getAction(TrainingBuildAction.class);
            if (action == null) {
                action = new TrainingBuildAction();
                build.addAction(action);
            }
            return action;
        }
    }

    @Override
    public String getIconFileName() {
        return "/plugin/gpu-training/images/gpu-training.svg";
    }

    @Override
    public String getDisplayName() {
        return Messages.TrainingAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    @Override
    public void onAttached(final Run<?, ?> build) {
        this.owner = build;
    }

    @Override
    public void onLoad(final Run<?, ?> build) {
        this.owner = build;
    }

    public Run<?, ?> getOwner() {
        return owner;
    }

    /** The runs, in the order they ran. */
    @Exported(inline = true)
    public synchronized List<TrainingRun> getRuns() {
        return List.copyOf(runs);
    }

    /** The run with this id, or {@code null}. */
    public synchronized TrainingRun getRun(final String id) {
        for (TrainingRun run : runs) {
            if (run.getId().equals(id)) {
                return run;
            }
        }
        return null;
    }

    /** The run at a position, or {@code null}. */
    synchronized TrainingRun getRun(final int index) {
        return index >= 0 && index < runs.size() ? runs.get(index) : null;
    }

    synchronized int indexOf(final TrainingRun run) {
        return runs.indexOf(run);
    }

    /** The run's key in the job ({@code 12}, {@code 12.2}): what the JSON API and comparisons call it. */
    public String keyOf(final TrainingRun run) {
        return new RunKey(owner.getNumber(), indexOf(run)).toString();
    }

    /** Whether any run finished and was recorded. */
    public synchronized boolean hasRecordedRun() {
        return runs.stream().anyMatch(TrainingRun::isRecorded);
    }

    /** A new run with an id unique within the build (its name's id, then {@code -2}, {@code -3}, …). */
    synchronized TrainingRun allocate(final String baseId, final String name, final String source,
                                      final String startedAt) {
        String id = baseId;
        int suffix = 2;
        while (getRun(id) != null) {
            id = baseId + "-" + suffix++;
        }
        TrainingRun run = new TrainingRun(id, name, source, startedAt);
        runs.add(run);
        return run;
    }

    /** This build as job pages see it. */
    TrainedBuild toTrainedBuild() {
        List<TrainingSummary> summaries = new ArrayList<>();
        for (TrainingRun run : getRuns()) {
            summaries.add(run.getSummary());
        }
        return new TrainedBuild(owner.getNumber(), owner.getDisplayName(),
                owner.isBuilding() ? null : String.valueOf(owner.getResult()), summaries);
    }

    /** {@code <build>/training/…}: the page's view model, with the runs' alerts and checkpoints read now. */
    @Override
    public TrainingBuildView getTarget() {
        List<TrainingRunView> views = new ArrayList<>();
        for (TrainingRun run : getRuns()) {
            views.add(new TrainingRunView(run.getId(), run.getName(), keyOf(run), run.isLive(), run.getCards(),
                    run.getGateResult(), run.getGateFailures(), getAlerts(run), getCheckpoints(run),
                    run.getArtifactPath()));
        }
        return new TrainingBuildView(owner.getFullDisplayName(), owner.getUrl(), getApiPath(), views);
    }

    // ---- badge (badge.jelly) ------------------------------------------------------------------------------------

    /** The run the badge shows: the first recorded one. */
    public TrainingRun getBadgeRun() {
        for (TrainingRun run : getRuns()) {
            if (run.isRecorded()) {
                return run;
            }
        }
        return null;
    }

    public String getBadgeText() {
        TrainingRun run = getBadgeRun();
        return EfficiencyBand.label(run == null ? null : run.getOverallScore());
    }

    public String getBadgeClass() {
        TrainingRun run = getBadgeRun();
        return EfficiencyBand.of(run == null ? null : run.getOverallScore()).cssClass();
    }

    public String getBadgeTooltip() {
        StringBuilder text = new StringBuilder(Messages.TrainingBuildAction_BadgeTooltip());
        for (TrainingRun run : getRuns()) {
            text.append(" · ").append(run.getName()).append(": ")
                    .append(EfficiencyBand.label(run.getOverallScore()));
        }
        return text.toString();
    }

    // ---- page helpers -----------------------------------------------------------------------------

    /** The archived data of a finished run, loaded on first use and kept behind a soft reference. */
    LoadedRun load(final TrainingRun run) {
        LoadedRun cached = run.cached();
        if (cached != null) {
            return cached;
        }
        LoadedRun loaded = ArchivedRuns.load(owner, run);
        run.cache(loaded);
        return loaded;
    }

    /** The checkpoints of a finished run, linked to the artifacts where archived; empty when unreadable. */
    public List<CheckpointRow> getCheckpoints(final TrainingRun run) {
        if (!run.isRecorded()) {
            return List.of();
        }
        try {
            return CheckpointRow.of(load(run).checkpoints(), new HashSet<>(run.getArchivedCheckpoints()),
                    run.getArtifactPath());
        }
        catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "cannot read the checkpoints of " + run.getId(), e);
            return List.of();
        }
    }

    /** The alerts of a finished run; empty when unreadable. */
    public List<Alert> getAlerts(final TrainingRun run) {
        if (!run.isRecorded() || run.getAlertCount() == 0) {
            return List.of();
        }
        try {
            return load(run).analytics().alerts();
        }
        catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "cannot read the alerts of " + run.getId(), e);
            return List.of();
        }
    }

    /** The URL (from the context root, no leading slash) of the job's training API that the dashboard reads. */
    public String getApiPath() {
        return owner.getParent().getUrl() + TrainingJobAction.URL_NAME + "/" + TrainingJobAction.API_NAME;
    }
}
