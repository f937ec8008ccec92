package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.runner.parse.ConsoleLineSplitter;

/**
 * The training's output as people and the parsers see it: split into lines (a progress bar's {@code \r} frames
 * collapse to their last one on the console, and each overwritten frame still goes to the reader), echoed to the
 * console with the status line, and parsed for metrics. The raw bytes, frames and all, are in output.log, where the
 * training wrote them ({@link OutputTail} reads them from there). Not thread-safe: fed by one thread at a time.
 */
final class TrainingOutput {
    private final ConsoleStatus status;
    private final ConsoleLineSplitter splitter;
    private final MetricsRouter metrics;

    /**
     * @param metrics where parsed lines go, or {@code null} to echo only
     */
    TrainingOutput(final ConsoleStatus status, final MetricsRouter metrics) {
        this.status = status;
        this.metrics = metrics;
        this.splitter = metrics == null ? new ConsoleLineSplitter(line -> status.line(line.raw()))
                : new ConsoleLineSplitter(line -> {
                    status.line(line.raw());
                    metrics.fromConsole(line);
                }, metrics::fromFrame);
    }

    /**
     * Takes a chunk of raw output.
     *
     * @return how many metric records its lines made
     */
    int accept(final byte[] bytes, final int count) {
        splitter.accept(bytes, 0, count);
        // One console write and one metrics write per chunk read, not one per line: at 100,000 lines/s that is most
        // of the cost.
        int records = metrics == null ? 0 : metrics.flushConsole();
        status.flush();
        return records;
    }

    /**
     * At the end of an output (the training exited): delivers a last line that has no newline, and what the reader
     * held back.
     *
     * @return how many metric records they made
     */
    int finish() {
        splitter.finish();
        int records = 0;
        if (metrics != null) {
            metrics.endOfOutput();
            records = metrics.flushConsole();
        }
        status.flush();
        return records;
    }
}
