package io.jenkins.plugins.gputraining.gate;

import io.jenkins.plugins.gputraining.model.analytics.Alert;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.view.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Quality gates on a run's analytics, as {@code trainOnGpu} and {@code recordTraining} take them: a final loss above
 * a threshold, GPU utilisation, throughput or efficiency below one, or alerts, set the build to {@link #result()}.
 * A gate whose figure is unknown (no telemetry, no loss reported) is not judged: it passes with a note, since the
 * analytics never invent a 0.
 *
 * @param maxFinalLoss the highest acceptable final loss, or {@code null}
 * @param minGpuUtilization the lowest acceptable mean GPU utilisation in %, or {@code null}
 * @param minThroughput the lowest acceptable mean samples/s, or {@code null}
 * @param minEfficiency the lowest acceptable overall efficiency score (0–100), or {@code null}
 * @param alerts which alerts fail the gate
 * @param result what a failed gate makes the build: {@code UNSTABLE} or {@code FAILURE}
 */
public record QualityGates(Double maxFinalLoss, Double minGpuUtilization, Double minThroughput, Double minEfficiency,
                           AlertGate alerts, GateResult result) {
    public QualityGates {
        requireFinite(maxFinalLoss, "maxFinalLoss");
        requirePercent(minGpuUtilization, "minGpuUtilization");
        requireFinite(minThroughput, "minThroughput");
        if (minThroughput != null && minThroughput < 0) {
            throw new IllegalArgumentException("minThroughput must be 0 or more, was " + minThroughput);
        }
        requirePercent(minEfficiency, "minEfficiency");
        alerts = alerts == null ? AlertGate.NONE : alerts;
        result = result == null ? GateResult.UNSTABLE : result;
        if (result == GateResult.SUCCESS) {
            throw new IllegalArgumentException("gateResult must be UNSTABLE or FAILURE");
        }
    }

    /** No gates. */
    public static QualityGates none() {
        return new QualityGates(null, null, null, null, AlertGate.NONE, GateResult.UNSTABLE);
    }

    /** Whether any gate is configured. */
    public boolean isEmpty() {
        return maxFinalLoss == null && minGpuUtilization == null && minThroughput == null && minEfficiency == null
                && alerts == AlertGate.NONE;
    }

    /** Judges a run. */
    public GateOutcome evaluate(final RunAnalytics run) {
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (maxFinalLoss != null) {
            Double loss = run.losses().finalLoss();
            if (loss == null) {
                notes.add("maxFinalLoss not judged: the run reported no finite loss");
            }
            else if (loss > maxFinalLoss) {
                failures.add("final loss " + Formats.loss(loss) + " is above maxFinalLoss " + number(maxFinalLoss));
            }
        }
        if (minGpuUtilization != null) {
            Double utilization = run.resourceUtilization().averageGpuUtilizationPercent();
            if (utilization == null) {
                notes.add("minGpuUtilization not judged: no GPU telemetry"
                        + (run.telemetryUnavailableReason() == null ? "" : " (" + run.telemetryUnavailableReason()
                        + ")"));
            }
            else if (utilization < minGpuUtilization) {
                failures.add("mean GPU utilisation " + Formats.percent(utilization) + " is below minGpuUtilization "
                        + number(minGpuUtilization) + " %");
            }
        }
        if (minThroughput != null) {
            Double throughput = run.performance().averageSamplesPerSecond();
            if (throughput == null) {
                notes.add("minThroughput not judged: the run reported no throughput");
            }
            else if (throughput < minThroughput) {
                failures.add("mean throughput " + Formats.throughput(throughput) + " is below minThroughput "
                        + number(minThroughput) + " samples/s");
            }
        }
        if (minEfficiency != null) {
            Double score = run.efficiency().overallScore();
            if (score == null) {
                notes.add("minEfficiency not judged: the efficiency score is unknown");
            }
            else if (score < minEfficiency) {
                failures.add("efficiency score " + number(score) + " is below minEfficiency " + number(minEfficiency));
            }
        }
        if (alerts != AlertGate.NONE) {
            for (Alert alert : run.alerts()) {
                if (alerts == AlertGate.ANY || "critical".equals(alert.severity())) {
                    failures.add(alert.severity() + " alert " + alert.kind() + ": " + alert.message());
                }
            }
        }
        return new GateOutcome(failures.isEmpty() ? GateResult.SUCCESS : result, failures, notes);
    }

    private static String number(final double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : String.format(Locale.ROOT, "%.4g", value);
    }

    private static void requireFinite(final Double value, final String name) {
        if (value != null && !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, was " + value);
        }
    }

    private static void requirePercent(final Double value, final String name) {
        requireFinite(value, name);
        if (value != null && (value < 0 || value > 100)) {
            throw new IllegalArgumentException(name + " must be between 0 and 100, was " + value);
        }
    }
}
