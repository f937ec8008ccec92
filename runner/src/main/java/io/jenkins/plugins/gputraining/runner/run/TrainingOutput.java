package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.runner.parse.ConsoleLineSplitter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;

/**
 * The training's output as people and the parsers see it: split into lines (a progress bar's {@code \r} frames
 * collapse to their last one), echoed to the console with the status line, written to output.log and parsed for
 * metrics.
 */
final class TrainingOutput {
    private final ConsoleStatus status;
    private final BufferedWriter outputLog;
    private final ConsoleLineSplitter splitter;

    TrainingOutput(final ConsoleStatus status, final BufferedWriter outputLog, final MetricsRouter metrics) {
        this.status = status;
        this.outputLog = outputLog;
        this.splitter = new ConsoleLineSplitter(line -> {
            try {
                outputLog.write(line.raw());
                outputLog.newLine();
            }
            catch (IOException e) {
                // The console still shows it; the recorder reports disk trouble on its own writes.
            }
            status.line(line.raw());
            metrics.fromConsole(line);
        });
    }

    /** Reads a process's output to its end on a daemon thread. */
    Thread pump(final InputStream output) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                int read;
                while ((read = output.read(buffer)) >= 0) {
                    accept(buffer, read);
                }
            }
            catch (IOException e) {
                // The stream closes when the process tree ends.
            }
            finish();
        }, "training-output");
        pump.setDaemon(true);
        pump.start();
        return pump;
    }

    private void accept(final byte[] bytes, final int count) {
        splitter.accept(bytes, 0, count);
        // One console write per chunk read, not one per line: at 100,000 lines/s that is most of the cost.
        status.flush();
    }

    private void finish() {
        splitter.finish();
        status.flush();
        flush();
    }

    void flush() {
        try {
            outputLog.flush();
        }
        catch (IOException e) {
            // Reported by the recorder's own writes to the same disk.
        }
    }
}
