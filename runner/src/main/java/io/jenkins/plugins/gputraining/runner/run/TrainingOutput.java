package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.runner.parse.ConsoleLineSplitter;

/**
 * The training's output as people and the parsers see it: split into lines (a progress bar's {@code \r} frames
 * collapse to their last one), echoed to the console with the status line, and parsed for metrics. The raw bytes,
 * frames and all, are in output.log, where the training wrote them ({@link OutputTail} reads them from there).
 * Not thread-safe: fed by one thread at a time.
 */
final class TrainingOutput {
    private final ConsoleStatus status;
    private final ConsoleLineSplitter splitter;
    private final boolean parse;
    private int records;

    /**
     * @param metrics where parsed lines go, or {@code null} to echo only
     */
    TrainingOutput(final ConsoleStatus status, final MetricsRouter metrics) {
        this.status = status;
        this.parse = metrics != null;
        this.splitter = new ConsoleLineSplitter(line -> {
            status.line(line.raw());
            if (parse && metrics.fromConsole(line)) {
                records++;
            }
        });
    }

    /**
     * Takes a chunk of raw output.
     *
     * @return how many metric records its lines made
     */
    int accept(final byte[] bytes, final int count) {
        records = 0;
        splitter.accept(bytes, 0, count);
        // One console write per chunk read, not one per line: at 100,000 lines/s that is most of the cost.
        status.flush();
        return records;
    }

    /**
     * At the end of an output (the training exited): delivers a last line that has no newline.
     *
     * @return how many metric records it made
     */
    int finish() {
        records = 0;
        splitter.finish();
        status.flush();
        return records;
    }
}
