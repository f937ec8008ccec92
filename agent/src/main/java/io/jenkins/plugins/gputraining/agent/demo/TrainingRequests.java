package io.jenkins.plugins.gputraining.agent.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Requests to checkpoint and exit, from a signal handler (any thread) or from a control file the training loop
 * polls once per step.
 *
 * <p>The control file counts when it exists and its content, trimmed, is {@code checkpoint} (any case); it is then
 * deleted. Any other content (an empty file being written, a word meant for someone else) leaves it alone.
 */
final class TrainingRequests {
    static final String CHECKPOINT = "checkpoint";

    private final Path controlFile;
    private volatile String checkpointRequest;

    TrainingRequests(final Path controlFile) {
        this.controlFile = controlFile;
    }

    /** Asks for a checkpoint-and-exit; safe from a signal handler's thread. */
    void requestCheckpoint(final String source) {
        checkpointRequest = source;
    }

    /** What asked for a checkpoint-and-exit (e.g. {@code SIGUSR1}), polling the control file first; or null. */
    String poll() {
        if (checkpointRequest == null && controlFile != null && Files.isRegularFile(controlFile)) {
            try {
                String content = Files.readString(controlFile, StandardCharsets.UTF_8).strip();
                if (content.toLowerCase(Locale.ROOT).equals(CHECKPOINT)) {
                    Files.deleteIfExists(controlFile);
                    checkpointRequest = "control file " + controlFile;
                }
            }
            catch (IOException e) {
                // vanished or unreadable between the check and the read: look again next step
            }
        }
        return checkpointRequest;
    }
}
