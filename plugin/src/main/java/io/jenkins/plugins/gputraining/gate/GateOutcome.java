package io.jenkins.plugins.gputraining.gate;

import java.util.List;
import java.util.Objects;

/**
 * What quality gates decided about a run.
 *
 * @param result {@link GateResult#SUCCESS} when every gate passed, else the configured failure result
 * @param failures one sentence per gate that failed, saying why
 * @param notes gates that could not be judged (the figure is unknown: no telemetry, no loss reported)
 */
public record GateOutcome(GateResult result, List<String> failures, List<String> notes) {
    public GateOutcome {
        Objects.requireNonNull(result, "result");
        failures = List.copyOf(failures);
        notes = List.copyOf(notes);
    }

    /** The outcome of no gates at all. */
    public static GateOutcome passed() {
        return new GateOutcome(GateResult.SUCCESS, List.of(), List.of());
    }

    public boolean isPassed() {
        return result == GateResult.SUCCESS;
    }
}
