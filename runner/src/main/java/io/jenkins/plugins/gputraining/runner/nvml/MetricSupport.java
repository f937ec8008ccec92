package io.jenkins.plugins.gputraining.runner.nvml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one GPU has shown it supports. A query whose first answer is "not supported" (or whose function the
 * library lacks) is unsupported for the rest of the run and never asked again: it cannot start working mid-run, and
 * each NVML call costs about half a millisecond. Any other failure, or "not supported" from a query that has
 * worked before, is transient: that sample lacks the value, the next one asks again.
 */
public final class MetricSupport {
    private enum State { UNKNOWN, SUPPORTED, UNSUPPORTED }

    private final State[] states = new State[GpuQuery.values().length];

    public MetricSupport() {
        Arrays.fill(states, State.UNKNOWN);
    }

    /** Whether the query is still worth a call. */
    public boolean shouldQuery(final GpuQuery query) {
        return states[query.ordinal()] != State.UNSUPPORTED;
    }

    /** The query answered. */
    public void answered(final GpuQuery query) {
        states[query.ordinal()] = State.SUPPORTED;
    }

    /**
     * The query failed with this NVML return code.
     *
     * @return whether the query is now unsupported for good; {@code false} for a transient failure
     */
    public boolean failed(final GpuQuery query, final int returnCode) {
        if (states[query.ordinal()] == State.UNKNOWN && NvmlException.isUnsupported(returnCode)) {
            states[query.ordinal()] = State.UNSUPPORTED;
            return true;
        }
        return false;
    }

    public boolean isUnsupported(final GpuQuery query) {
        return states[query.ordinal()] == State.UNSUPPORTED;
    }

    /** The unsupported queries. */
    public Set<GpuQuery> unsupported() {
        Set<GpuQuery> unsupported = EnumSet.noneOf(GpuQuery.class);
        for (GpuQuery query : GpuQuery.values()) {
            if (isUnsupported(query)) {
                unsupported.add(query);
            }
        }
        return unsupported;
    }

    /** The telemetry fields of the unsupported queries, sorted. */
    public List<String> unsupportedFields() {
        return fieldsOf(unsupported());
    }

    static List<String> fieldsOf(final Set<GpuQuery> queries) {
        List<String> fields = new ArrayList<>();
        queries.forEach(query -> fields.addAll(query.fields()));
        fields.sort(null);
        return List.copyOf(fields);
    }
}
