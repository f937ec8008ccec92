package io.jenkins.plugins.gputraining.benchmarks.agent;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The child process of {@code bench output} and {@code bench memory}: a stand-in training that prints.
 *
 * <pre>
 * LineEmitter --lines N [--rate LINES_PER_SECOND] [--report FILE]
 *     N training-log lines, flushed one by one (as python -u prints), at a fixed rate (0: as fast as it can);
 *     the time from the first to the last line (after the last flush) goes to FILE as "seconds lines".
 * LineEmitter --training --steps N --speed X [--checkpoint-every S] [--marker FILE]
 *     a simulated training of N seconds run X times faster than real time: per simulated second a JSON metric
 *     line (step, loss, learning_rate, samples, epoch) and a logger line; every S simulated seconds a small
 *     checkpoint file checkpoints/step-K.pt; FILE holds the simulated hours done so far.
 * </pre>
 */
public final class LineEmitter {
    private static final int PACE_CHECK_EVERY = 32;

    private LineEmitter() {
    }

    public static void main(final String... args) throws IOException {
        long lines = 0;
        double rate = 0;
        Path report = null;
        boolean training = false;
        long steps = 0;
        double speed = 1;
        long checkpointEvery = 3600;
        Path marker = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--lines" -> lines = Long.parseLong(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--report" -> report = Path.of(args[++i]);
                case "--training" -> training = true;
                case "--steps" -> steps = Long.parseLong(args[++i]);
                case "--speed" -> speed = Double.parseDouble(args[++i]);
                case "--checkpoint-every" -> checkpointEvery = Long.parseLong(args[++i]);
                case "--marker" -> marker = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        if (training) {
            training(out, steps, speed, checkpointEvery, marker);
        }
        else {
            lines(out, lines, rate, report);
        }
    }

    private static void lines(final OutputStream out, final long count, final double rate, final Path report)
            throws IOException {
        TrainingLogLines log = new TrainingLogLines();
        double nanosPerLine = rate > 0 ? 1e9 / rate : 0;
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            if (nanosPerLine > 0 && i % PACE_CHECK_EVERY == 0) {
                pace(start + (long) (i * nanosPerLine));
            }
            byte[] line = log.line(i, count);
            out.write(line, 0, log.length());
            out.flush();
        }
        out.flush();
        long elapsed = System.nanoTime() - start;
        if (report != null) {
            Files.writeString(report, String.format(Locale.ROOT, "%.6f %d%n", elapsed / 1e9, count));
        }
    }

    private static void training(final OutputStream out, final long steps, final double speed,
                                 final long checkpointEvery, final Path marker) throws IOException {
        TrainingLogLines log = new TrainingLogLines();
        StringBuilder json = new StringBuilder(160);
        double nanosPerStep = 1e9 / speed;
        Path checkpoints = Path.of("checkpoints");
        Files.createDirectories(checkpoints);
        writeMarker(marker, 0);
        long start = System.nanoTime();
        for (long step = 1; step <= steps; step++) {
            pace(start + (long) (step * nanosPerStep));
            double progress = (double) step / steps;
            json.setLength(0);
            json.append("{\"step\": ").append(step)
                    .append(", \"loss\": ").append(0.25 + 2.5 * Math.exp(-4 * progress))
                    .append(", \"learning_rate\": ").append(3e-4 * (1 - progress))
                    .append(", \"samples\": ").append(step * 32)
                    .append(", \"epoch\": ").append(progress * 3).append("}\n");
            out.write(json.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] line = log.line(step * 100, steps * 100); // a logger line, never a Trainer dict
            out.write(line, 0, log.length());
            out.flush();
            if (step % checkpointEvery == 0) {
                // ~4 KiB: the scanner only needs a file whose size stops changing.
                Files.write(checkpoints.resolve("step-" + step + ".pt"), new byte[4096]);
            }
            if (step % 3600 == 0) {
                writeMarker(marker, step / 3600);
            }
        }
        out.flush();
    }

    private static void writeMarker(final Path marker, final long hours) throws IOException {
        if (marker == null) {
            return;
        }
        Path temp = marker.resolveSibling(marker.getFileName() + ".tmp");
        Files.writeString(temp, Long.toString(hours));
        Files.move(temp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until {@code deadline} (System.nanoTime()); returns at once when already late. */
    private static void pace(final long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
