package io.jenkins.plugins.gputraining.view;

import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The summary cards of a training run, built from its {@link TrainingSummary}. */
public final class SummaryCards {
    private SummaryCards() {
    }

    /** The cards in page order: status, final loss, throughput, GPU utilisation, duration, energy, efficiency. */
    public static List<SummaryCard> of(final TrainingSummary summary) {
        List<SummaryCard> cards = new ArrayList<>();
        cards.add(new SummaryCard("status", "Status", summary.getStatus(), statusDetail(summary),
                statusModifier(summary.getStatus())));
        cards.add(new SummaryCard("final-loss", "Final loss", Formats.loss(summary.getFinalLoss()),
                "best " + Formats.loss(summary.getBestLoss()), ""));
        cards.add(new SummaryCard("throughput", "Throughput", Formats.throughput(summary.getThroughput()),
                summary.getSteps() == null ? "" : Formats.integer(summary.getSteps()) + " steps", ""));
        cards.add(new SummaryCard("gpu-utilization", "GPU utilisation", Formats.percent(summary.getGpuUtilization()),
                "peak memory " + Formats.memory(summary.getPeakGpuMemoryMb()), ""));
        cards.add(new SummaryCard("duration", "Training time", Formats.duration(summary.getDurationSeconds()),
                summary.getStartedAt() == null ? "" : "started " + summary.getStartedAt(), ""));
        cards.add(new SummaryCard("energy", "GPU energy", Formats.energy(summary.getEnergyWh()), "", ""));
        EfficiencyBand band = summary.getBand();
        cards.add(new SummaryCard("efficiency", "Efficiency", EfficiencyBand.label(summary.getOverallScore()),
                alertsDetail(summary), band.name().toLowerCase(Locale.ROOT)));
        return List.copyOf(cards);
    }

    private static String statusDetail(final TrainingSummary summary) {
        if (summary.getExitCode() != null) {
            return "exit code " + summary.getExitCode();
        }
        return summary.isFinished() ? "" : "in progress";
    }

    private static String statusModifier(final String status) {
        return RunStatus.ofJson(status).map(known -> switch (known) {
            case COMPLETED -> "good";
            case FAILED -> "bad";
            case RUNNING -> "";
            default -> "warning";
        }).orElse("");
    }

    private static String alertsDetail(final TrainingSummary summary) {
        int alerts = summary.getAlertCount();
        if (alerts == 0) {
            return "no alerts";
        }
        String text = alerts == 1 ? "1 alert" : alerts + " alerts";
        return summary.getCriticalAlertCount() > 0 ? text + " (" + summary.getCriticalAlertCount() + " critical)" : text;
    }
}
