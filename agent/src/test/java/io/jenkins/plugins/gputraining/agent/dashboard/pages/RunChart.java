package io.jenkins.plugins.gputraining.agent.dashboard.pages;

/** The charts of a run's page, by their containers' ids. */
public enum RunChart {
    LOSS("chart-loss"),
    THROUGHPUT("chart-throughput"),
    GPU_UTILISATION("chart-gpu-util"),
    GPU_MEMORY("chart-gpu-memory"),
    GPU_TEMPERATURE("chart-gpu-temperature"),
    GPU_POWER("chart-gpu-power");

    private final String id;

    RunChart(final String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
