package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What the person watching sees: the training's own output, plus a status line (step, loss, samples/s, GPU
 * utilisation). On a terminal the status line stays at the bottom and is redrawn in place; elsewhere (Jenkins,
 * a pipe) a plain status line is printed every {@code interval}. Thread-safe.
 */
final class ConsoleStatus {
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintStream out;
    private final boolean terminal;
    private final long intervalMillis;
    private final long startMillis;
    private long lastPlainMillis;
    private MetricRecord latest;
    private Double gpuUtilization;
    private boolean statusShown;

    ConsoleStatus(final PrintStream out, final boolean terminal, final long intervalMillis, final long startMillis) {
        // Buffered: the training's lines are flushed once per chunk read (see flush()), not once per line.
        this.out = new PrintStream(new java.io.BufferedOutputStream(out, 64 * 1024), false,
                java.nio.charset.StandardCharsets.UTF_8);
        this.terminal = terminal;
        this.intervalMillis = intervalMillis;
        this.startMillis = startMillis;
        this.lastPlainMillis = startMillis;
    }

    /** A line of the training's output. */
    synchronized void line(final String line) {
        if (terminal && statusShown) {
            out.print(CLEAR_LINE);
        }
        out.println(line);
        if (terminal) {
            drawStatus();
        }
    }

    /** A message of the agent's own; shown at once. */
    synchronized void message(final String message) {
        line("[gpu-training] " + message);
        out.flush();
    }

    /** Writes out what the training printed so far. */
    synchronized void flush() {
        out.flush();
    }

    synchronized void metric(final MetricRecord record) {
        latest = record;
        if (terminal) {
            out.print(CLEAR_LINE);
            drawStatus();
        }
    }

    synchronized void gpus(final List<TelemetrySample> samples) {
        double sum = 0;
        int count = 0;
        for (TelemetrySample sample : samples) {
            if (sample.utilizationPercent() != null) {
                sum += sample.utilizationPercent();
                count++;
            }
        }
        gpuUtilization = count == 0 ? null : sum / count;
    }

    /** Called periodically: prints the plain status line when it is due. */
    synchronized void tick(final long nowMillis) {
        if (!terminal && nowMillis - lastPlainMillis >= intervalMillis) {
            lastPlainMillis = nowMillis;
            out.println("[gpu-training] " + status(nowMillis));
            out.flush();
        }
    }

    /** Leaves the terminal's status line as the last line printed. */
    synchronized void close() {
        if (terminal && statusShown) {
            out.println();
            statusShown = false;
        }
        out.flush();
    }

    private void drawStatus() {
        out.print(status(System.currentTimeMillis()));
        out.flush();
        statusShown = true;
    }

    String status(final long nowMillis) {
        StringBuilder status = new StringBuilder(elapsed(nowMillis - startMillis));
        if (latest != null) {
            if (latest.step() != null) {
                status.append(" | step ").append(latest.step());
            }
            if (latest.loss() != null) {
                status.append(String.format(Locale.ROOT, " | loss %.4g", latest.loss()));
            }
            if (latest.samplesPerSecond() != null) {
                status.append(String.format(Locale.ROOT, " | %.1f samples/s", latest.samplesPerSecond()));
            }
        }
        else {
            status.append(" | waiting for the first metrics");
        }
        if (gpuUtilization != null) {
            status.append(String.format(Locale.ROOT, " | GPU %.0f%%", gpuUtilization));
        }
        return status.toString();
    }

    private static String elapsed(final long millis) {
        long seconds = millis / 1000;
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
