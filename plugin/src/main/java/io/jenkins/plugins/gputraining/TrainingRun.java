package io.jenkins.plugins.gputraining;

import hudson.FilePath;
import io.jenkins.plugins.gputraining.api.LoadedRun;
import io.jenkins.plugins.gputraining.api.RunFiles;
import io.jenkins.plugins.gputraining.control.ControlNote;
import io.jenkins.plugins.gputraining.gate.GateOutcome;
import io.jenkins.plugins.gputraining.view.EfficiencyBand;
import io.jenkins.plugins.gputraining.view.SummaryCard;
import io.jenkins.plugins.gputraining.view.SummaryCards;
import io.jenkins.plugins.gputraining.view.TrainingSummary;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One training run of a build, as its {@code build.xml} keeps it: ids, where its artifacts are, its small
 * {@link TrainingSummary} and its gate verdict. The big data (analytics, series) is loaded from the archived
 * artifacts on demand and held behind a soft reference; while the run is live, its run directory on the node is
 * known (not persisted) so pages and pause/resume reach it.
 */
@ExportedBean(defaultVisibility = 2)
public final class TrainingRun {
    private final String id;
    private final String name;
    private final String source;
    private final String startedAt;
    private volatile TrainingSummary summary;
    private volatile String gateResult;
    private volatile List<String> gateFailures;
    private volatile List<String> archivedCheckpoints;
    /** Who paused, resumed or cancelled the run, and from where ({@link ControlNote}); oldest first. */
    private volatile List<String> controlNotes;

    private transient volatile FilePath liveDirectory;
    private transient volatile SoftReference<LoadedRun> loaded;

    TrainingRun(final String id, final String name, final String source, final String startedAt) {
        this.id = id;
        this.name = name;
        this.source = source;
        this.startedAt = startedAt;
    }

    @Exported
    public String getId() {
        return id;
    }

    @Exported
    public String getName() {
        return name == null ? id : name;
    }

    /** The step that recorded it: {@code trainOnGpu} or {@code recordTraining}. */
    @Exported
    public String getSource() {
        return source;
    }

    /** The run's folder among the build's artifacts. */
    @Exported
    public String getArtifactPath() {
        return RunFiles.artifactFolder(id);
    }

    /** The summary; a live run's is a placeholder with status {@code running}. */
    public TrainingSummary getSummary() {
        TrainingSummary known = summary;
        return known != null ? known : TrainingSummary.running(id, name, startedAt);
    }

    /** Whether the run has finished and its summary is known. */
    public boolean isRecorded() {
        return summary != null;
    }

    /** Whether the run is live: its agent runs now under this controller, and its run directory is reachable. */
    @Exported
    public boolean isLive() {
        return liveDirectory != null;
    }

    @Exported
    public String getStatus() {
        return getSummary().getStatus();
    }

    @Exported
    public Double getFinalLoss() {
        return getSummary().getFinalLoss();
    }

    @Exported
    public Double getBestLoss() {
        return getSummary().getBestLoss();
    }

    @Exported
    public Double getThroughput() {
        return getSummary().getThroughput();
    }

    @Exported
    public Double getGpuUtilization() {
        return getSummary().getGpuUtilization();
    }

    @Exported
    public Double getDurationSeconds() {
        return getSummary().getDurationSeconds();
    }

    @Exported
    public Double getEnergyWh() {
        return getSummary().getEnergyWh();
    }

    @Exported
    public Double getOverallScore() {
        return getSummary().getOverallScore();
    }

    @Exported
    public int getAlertCount() {
        return getSummary().getAlertCount();
    }

    /** The gate verdict: {@code SUCCESS}, {@code UNSTABLE}, {@code FAILURE}, or {@code null} without gates. */
    @Exported
    public String getGateResult() {
        return gateResult;
    }

    @Exported
    public List<String> getGateFailures() {
        List<String> failures = gateFailures;
        return failures == null ? List.of() : List.copyOf(failures);
    }

    public List<SummaryCard> getCards() {
        return SummaryCards.of(getSummary());
    }

    public EfficiencyBand getBand() {
        return getSummary().getBand();
    }

    /** The checkpoint paths (relative to the working directory) archived with the run. */
    public List<String> getArchivedCheckpoints() {
        List<String> archived = archivedCheckpoints;
        return archived == null ? List.of() : List.copyOf(archived);
    }

    /** Who paused, resumed or cancelled the run from Jenkins, and from where, oldest first (the build page). */
    public List<String> getControlNotes() {
        List<String> notes = controlNotes;
        return notes == null ? List.of() : List.copyOf(notes);
    }

    /** Records who paused, resumed or cancelled the run; the caller saves the build. */
    synchronized void noteControl(final String note) {
        List<String> notes = new ArrayList<>(getControlNotes());
        notes.add(note);
        while (notes.size() > ControlNote.MAX_NOTES) {
            notes.remove(0);
        }
        this.controlNotes = notes;
    }

    FilePath getLiveDirectory() {
        return liveDirectory;
    }

    void setLiveDirectory(final FilePath directory) {
        this.liveDirectory = directory;
    }

    void recorded(final TrainingSummary finalSummary, final GateOutcome gates, final List<String> checkpoints) {
        this.summary = finalSummary;
        this.gateResult = gates == null ? null : gates.result().name();
        this.gateFailures = gates == null ? null : new ArrayList<>(gates.failures());
        this.archivedCheckpoints = new ArrayList<>(checkpoints);
        this.liveDirectory = null;
        this.loaded = null;
    }

    LoadedRun cached() {
        SoftReference<LoadedRun> reference = loaded;
        return reference == null ? null : reference.get();
    }

    void cache(final LoadedRun run) {
        this.loaded = new SoftReference<>(run);
    }
}
