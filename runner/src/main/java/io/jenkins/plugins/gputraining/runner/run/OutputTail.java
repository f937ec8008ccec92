package io.jenkins.plugins.gputraining.runner.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Follows output.log as the training writes it (the training writes the file itself: docs/agent.md, "Durable output
 * and liveness") and hands each new chunk to {@link TrainingOutput}, keeping {@link ReadPositions} at the end of the
 * last whole line read. One thread follows; {@link #drain()} reads to the end on the caller's thread. Thread-safe.
 */
final class OutputTail implements AutoCloseable {
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final long IDLE_MILLIS = 50;

    private final Path file;
    private final TrainingOutput output;
    private final ReadPositions positions;
    private final ConsoleStatus status;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
    private FileChannel channel;
    private long position;
    private Thread follower;
    private volatile boolean stopping;
    private String lastFailure;

    /**
     * @param positions where reading starts ({@link ReadPositions#outputOffset()}), and where it is kept
     */
    OutputTail(final Path file, final TrainingOutput output, final ReadPositions positions,
               final ConsoleStatus status) {
        this.file = file;
        this.output = output;
        this.positions = positions;
        this.status = status;
        this.position = positions.outputOffset();
    }

    /** Starts following on a daemon thread. */
    synchronized void start() {
        stopping = false;
        follower = new Thread(this::follow, "training-output");
        follower.setDaemon(true);
        follower.start();
    }

    private void follow() {
        while (!stopping) {
            boolean read;
            try {
                read = readChunk();
            }
            catch (RuntimeException e) {
                report("cannot read " + file + ": " + e);
                read = false;
            }
            if (!read) {
                try {
                    Thread.sleep(IDLE_MILLIS);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Reads everything written so far, on the caller's thread. */
    void drain() {
        while (readChunk()) {
            // keep reading
        }
    }

    /**
     * At the end of a training's output (it exited and its leftovers were stopped): reads the rest and delivers a
     * last line that has no newline. Following goes on if it was started (a checkpoint-paused run relaunches).
     */
    synchronized void endOfOutput() {
        drain();
        positions.step(ReadPositions.OUTPUT, () -> {
            int records = output.finish();
            positions.outputOffset(position);
            return records;
        }, this::reportSave);
    }

    /** Reads one chunk; whether there was one. */
    private synchronized boolean readChunk() {
        try {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            }
            buffer.clear();
            int count = channel.read(buffer, position);
            if (count <= 0) {
                return false;
            }
            byte[] bytes = buffer.array();
            positions.step(ReadPositions.OUTPUT, () -> {
                int records = output.accept(bytes, count);
                position += count;
                int lastNewline = lastNewline(bytes, count);
                if (lastNewline >= 0) {
                    positions.outputOffset(position - count + lastNewline + 1);
                }
                return records;
            }, this::reportSave);
            lastFailure = null;
            return true;
        }
        catch (IOException e) {
            report("cannot read " + file + ": " + e.getMessage());
            return false;
        }
    }

    private static int lastNewline(final byte[] bytes, final int count) {
        for (int i = count - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void reportSave(final String failure) {
        if (failure != null) {
            status.message("WARNING: " + failure + "; an agent attaching later may parse some output again");
        }
    }

    private void report(final String failure) {
        if (!failure.equals(lastFailure)) {
            lastFailure = failure;
            status.message("WARNING: " + failure);
        }
    }

    /** Stops following (after a last {@link #drain()} by the caller, if wanted) and closes the file. */
    @Override
    public void close() {
        stopping = true;
        Thread thread;
        synchronized (this) {
            thread = follower;
        }
        if (thread != null) {
            try {
                thread.join(5000);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (channel != null) {
                try {
                    channel.close();
                }
                catch (IOException e) {
                    // nothing to do
                }
                channel = null;
            }
        }
    }
}
