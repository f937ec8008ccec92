package io.jenkins.plugins.gputraining.runner.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gputraining.model.progress.AgentIdentity;
import io.jenkins.plugins.gputraining.model.progress.ProgressJson;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock an agent holds on a run directory while it records the run (docs/agent.md, "Durable output and
 * liveness"): an OS file lock on {@code .agent/lock}, which the OS releases when the agent dies however it dies. The
 * file names the holder, so that a second agent fails with a message saying who has the run.
 *
 * <p>POSIX record locks belong to the process, and closing any descriptor of the file drops them: this JVM therefore
 * never opens a lock file it holds a second time ({@link #HELD}).
 */
final class RunLock implements Closeable {
    static final String FILE = "lock";
    /** The lock files this JVM holds, by file key (device and inode: a run directory may be renamed meanwhile). */
    private static final Set<Object> HELD = ConcurrentHashMap.newKeySet();

    private final Object key;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(final Object key, final FileChannel channel, final FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of a run directory.
     *
     * @param stateDirectory the run directory's {@code .agent} folder (created if missing)
     * @param agent who takes it, written into the lock file
     * @return the lock, or empty when another live agent holds it (see {@link #holder})
     * @throws IOException when the lock file cannot be created
     */
    static Optional<RunLock> tryAcquire(final Path stateDirectory, final AgentIdentity agent) throws IOException {
        Files.createDirectories(stateDirectory);
        Path file = stateDirectory.resolve(FILE);
        try {
            Files.createFile(file);
        }
        catch (FileAlreadyExistsException e) {
            // taken before, or being held
        }
        Object key = key(file);
        if (!HELD.add(key)) {
            return Optional.empty();
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            }
            catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                HELD.remove(key);
                return Optional.empty();
            }
            writeHolder(channel, agent);
            return Optional.of(new RunLock(key, channel, lock));
        }
        catch (IOException | RuntimeException e) {
            HELD.remove(key);
            throw e;
        }
    }

    private static void writeHolder(final FileChannel channel, final AgentIdentity agent) {
        try {
            byte[] content = (ProgressJson.mapper().writeValueAsString(agent.toJson()) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            ByteBuffer buffer = ByteBuffer.wrap(content);
            long position = 0;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.force(true);
        }
        catch (IOException e) {
            // Without its holder written, the lock still works: a full disk must not stop the run here.
        }
    }

    /** Who holds the lock of a run directory, in words, for a message: {@code agent pid 12 on host-a (started …)}. */
    static String holder(final Path stateDirectory) {
        Path file = stateDirectory.resolve(FILE);
        try {
            if (HELD.contains(key(file))) {
                return "this process (pid " + ProcessHandle.current().pid() + ")";
            }
            JsonNode node = ProgressJson.mapper().readTree(Files.readAllBytes(file));
            if (node != null && node.has("pid")) {
                return "agent pid " + node.path("pid").asText() + " on " + node.path("host").asText("?")
                        + (node.hasNonNull("started_at") ? " (started " + node.path("started_at").asText() + ")" : "");
            }
        }
        catch (IOException e) {
            // fall through
        }
        return "another agent (" + file + " does not say which)";
    }

    /** Lets go of the run directory. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        }
        catch (IOException e) {
            // The OS releases it when the process ends anyway.
        }
        finally {
            HELD.remove(key);
        }
    }

    private static Object key(final Path file) throws IOException {
        Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        return key != null ? key : file.toRealPath();
    }
}
