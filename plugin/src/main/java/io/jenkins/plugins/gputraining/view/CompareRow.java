package io.jenkins.plugins.gputraining.view;

import io.jenkins.plugins.gputraining.model.analytics.ComparedRun;
import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.analytics.Winners;
import java.util.ArrayList;
import java.util.List;

/**
 * A row of the compare page: one run, its figures formatted, and the categories it won.
 *
 * @param key the run's key ({@code 12})
 * @param name its name
 * @param status its status
 * @param throughput formatted throughput
 * @param duration formatted training time
 * @param gpuUtilization formatted GPU utilisation
 * @param finalLoss formatted final loss
 * @param bestLoss formatted best loss
 * @param energy formatted energy
 * @param score the efficiency badge's text
 * @param band the efficiency badge's band
 * @param bestThroughput whether it won best throughput
 * @param bestLossWinner whether it won best loss
 * @param fastest whether it won fastest
 * @param mostEfficient whether it won most efficient
 */
public record CompareRow(String key, String name, String status, String throughput, String duration,
                         String gpuUtilization, String finalLoss, String bestLoss, String energy, String score,
                         EfficiencyBand band, boolean bestThroughput, boolean bestLossWinner, boolean fastest,
                         boolean mostEfficient) {
    /** The rows of a comparison, in its order. */
    public static List<CompareRow> of(final Comparison comparison) {
        Winners winners = comparison.winner();
        List<CompareRow> rows = new ArrayList<>();
        for (ComparedRun run : comparison.jobs()) {
            String key = run.runId();
            rows.add(new CompareRow(key, run.name(), run.status(), Formats.throughput(run.throughput()),
                    Formats.duration(run.durationSeconds()), Formats.percent(run.gpuUtilization()),
                    Formats.loss(run.finalLoss()), Formats.loss(run.bestLoss()), Formats.energy(run.energyWh()),
                    EfficiencyBand.label(run.overallScore()), EfficiencyBand.of(run.overallScore()),
                    key.equals(winners.bestThroughput()), key.equals(winners.bestLoss()), key.equals(winners.fastest()),
                    key.equals(winners.mostEfficient())));
        }
        return List.copyOf(rows);
    }

    /** The build number of the run. */
    public int getBuild() {
        return RunKey.parse(key).build();
    }

    // JavaBeans getters for Jelly.
    public String getKey() {
        return key;
    }

    public String getName() {
        return name;
    }

    public String getStatus() {
        return status;
    }

    public String getThroughput() {
        return throughput;
    }

    public String getDuration() {
        return duration;
    }

    public String getGpuUtilization() {
        return gpuUtilization;
    }

    public String getFinalLoss() {
        return finalLoss;
    }

    public String getBestLoss() {
        return bestLoss;
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

    public boolean isBestThroughput() {
        return bestThroughput;
    }

    public boolean isBestLossWinner() {
        return bestLossWinner;
    }

    public boolean isFastest() {
        return fastest;
    }

    public boolean isMostEfficient() {
        return mostEfficient;
    }
}
