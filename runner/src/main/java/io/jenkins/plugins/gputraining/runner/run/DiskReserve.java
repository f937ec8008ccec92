package io.jenkins.plugins.gputraining.runner.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Disk space set aside when a run starts, so that its end can still be recorded on a disk that filled up meanwhile:
 * when a final write fails, the agent deletes the reserve and writes again (docs/agent.md, "Full disk").
 */
final class DiskReserve {
    static final String FILE = "reserve";
    /** Room for the final events and a progress.json with hundreds of checkpoints, several times over. */
    static final int BYTES = 256 * 1024;

    private final Path file;
    private volatile boolean held;

    private DiskReserve(final Path file, final boolean held) {
        this.file = file;
        this.held = held;
    }

    /**
     * Sets the space aside in the state folder.
     *
     * @throws IOException when the disk has not even that much room (the reserve is then not left behind)
     */
    static DiskReserve create(final Path stateDirectory) throws IOException {
        setAside(stateDirectory);
        return at(stateDirectory);
    }

    /** The reserve a state folder holds (set aside before the folder got its final name). */
    static DiskReserve at(final Path stateDirectory) {
        Path file = stateDirectory.resolve(FILE);
        return new DiskReserve(file, Files.exists(file));
    }

    /**
     * Writes the reserve file.
     *
     * @throws IOException when the disk has not even that much room (the reserve is then not left behind)
     */
    static void setAside(final Path stateDirectory) throws IOException {
        Path file = stateDirectory.resolve(FILE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            for (long written = 0; written < BYTES; ) {
                zeros.clear();
                written += channel.write(zeros, written);
            }
            channel.force(true);
        }
        catch (IOException e) {
            Files.deleteIfExists(file);
            throw new IOException("cannot set " + BYTES / 1024 + " KiB aside in " + stateDirectory + " for the end of "
                    + "the run: " + e.getMessage(), e);
        }
    }

    /** No reserve (an agent attaching to a run on a disk that is full already). */
    static DiskReserve none(final Path stateDirectory) {
        return new DiskReserve(stateDirectory.resolve(FILE), false);
    }

    /**
     * Gives the space back to the file system.
     *
     * @return whether there was a reserve to give back
     */
    synchronized boolean release() {
        try {
            boolean deleted = Files.deleteIfExists(file);
            boolean had = held || deleted;
            held = false;
            return had;
        }
        catch (IOException e) {
            return false;
        }
    }
}
