package io.jenkins.plugins.gputraining.agent.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Waits for a run's agent to let go of the run: its lock on {@code .agent/lock} (docs/agent.md, "Durable output and
 * liveness"), which it releases after its last write (the run index follows the final status). A test whose run an
 * agent outside it records waits for this before its temporary folder is deleted.
 */
final class RunAgentWait {
    private RunAgentWait() {
    }

    static void awaitReleased(final Path runDirectory, final Duration timeout) throws IOException, InterruptedException {
        Path lock = runDirectory.resolve(".agent").resolve("lock");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
                FileLock taken = channel.tryLock();
                if (taken != null) {
                    taken.release();
                    return;
                }
            }
            catch (NoSuchFileException e) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("the agent recording " + runDirectory + " still holds it after " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
