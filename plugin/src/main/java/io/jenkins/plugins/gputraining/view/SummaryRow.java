package io.jenkins.plugins.gputraining.view;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the job page's summary table: a training run of a build, its figures formatted.
 *
 * @param key the run's key ({@code 12}, {@code 12.2})
 * @param build the build number
 * @param buildName the build's display name
 * @param runName the run's name
 * @param status the run's status
 * @param finalLoss formatted final loss
 * @param throughput formatted throughput
 * @param gpuUtilization formatted GPU utilisation
 * @param duration formatted training time
 * @param energy formatted energy
 * @param score the efficiency badge's text
 * @param band the efficiency badge's band
 * @param alerts how many alerts
 */
public record SummaryRow(String key, int build, String buildName, String runName, String status, String finalLoss,
                         String throughput, String gpuUtilization, String duration, String energy, String score,
                         EfficiencyBand band, int alerts) {
    /** The rows of builds (newest first), each build's runs in order, at most {@code limit} builds. */
    public static List<SummaryRow> of(final List<TrainedBuild> newestFirst, final int limit) {
        List<SummaryRow> rows = new ArrayList<>();
        int builds = 0;
        for (TrainedBuild build : newestFirst) {
            if (builds++ == limit) {
                break;
            }
            for (int i = 0; i < build.runs().size(); i++) {
                TrainingSummary run = build.runs().get(i);
                rows.add(new SummaryRow(build.key(i).toString(), build.number(), build.displayName(),
                        run.getDisplayName(), run.getStatus(), Formats.loss(run.getFinalLoss()),
                        Formats.throughput(run.getThroughput()), Formats.percent(run.getGpuUtilization()),
                        Formats.duration(run.getDurationSeconds()), Formats.energy(run.getEnergyWh()),
                        EfficiencyBand.label(run.getOverallScore()), run.getBand(), run.getAlertCount()));
            }
        }
        return List.copyOf(rows);
    }

    // JavaBeans getters for Jelly.
    public String getKey() {
        return key;
    }

    public int getBuild() {
        return build;
    }

    public String getBuildName() {
        return buildName;
    }

    public String getRunName() {
        return runName;
    }

    public String getStatus() {
        return status;
    }

    public String getFinalLoss() {
        return finalLoss;
    }

    public String getThroughput() {
        return throughput;
    }

    public String getGpuUtilization() {
        return gpuUtilization;
    }

    public String getDuration() {
        return duration;
    }

    public String getEnergy() {
        return energy;
    }

    public String getScore() {
        return score;
    }

    public String getBandClass() {
        return band.cssClass();
    }

    public int getAlerts() {
        return alerts;
    }
}
