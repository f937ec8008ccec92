package io.jenkins.plugins.gputraining.view;

import io.jenkins.plugins.gputraining.model.analytics.Alert;
import java.util.List;

/**
 * One training run on the build's "GPU Training" page: its cards, gate verdict, alerts and checkpoints, as the page
 * shows them. Jenkins-free: the build action fills it in.
 *
 * @param id the run's id in the build
 * @param name its name
 * @param key its key in the job ({@code 12}, {@code 12.2}): the dashboard's route
 * @param live whether its agent runs now
 * @param cards the summary cards
 * @param gateResult {@code SUCCESS}, {@code UNSTABLE}, {@code FAILURE}, or {@code null} without gates
 * @param gateFailures why the gates failed
 * @param alerts the alerts of a finished run
 * @param checkpoints its checkpoints, linked to the artifacts where archived
 * @param artifactPath its folder among the build's artifacts
 */
public record TrainingRunView(String id, String name, String key, boolean live, List<SummaryCard> cards,
                              String gateResult, List<String> gateFailures, List<Alert> alerts,
                              List<CheckpointRow> checkpoints, String artifactPath) {
    public TrainingRunView {
        cards = List.copyOf(cards);
        gateFailures = List.copyOf(gateFailures);
        alerts = List.copyOf(alerts);
        checkpoints = List.copyOf(checkpoints);
    }

    // JavaBeans getters for Jelly.
    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getKey() {
        return key;
    }

    public boolean isLive() {
        return live;
    }

    public List<SummaryCard> getCards() {
        return cards;
    }

    public String getGateResult() {
        return gateResult;
    }

    public List<String> getGateFailures() {
        return gateFailures;
    }

    public List<Alert> getAlerts() {
        return alerts;
    }

    public List<CheckpointRow> getCheckpoints() {
        return checkpoints;
    }

    public String getArtifactPath() {
        return artifactPath;
    }
}
