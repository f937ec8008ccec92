package io.jenkins.plugins.gputraining;

import hudson.FilePath;
import io.jenkins.plugins.gputraining.control.ControlAction;
import io.jenkins.plugins.gputraining.control.ControlOutcome;
import io.jenkins.plugins.gputraining.control.ControlRequests;
import io.jenkins.plugins.gputraining.model.progress.ControlRequestFile;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends pause, resume and cancel requests to the agent running a training, through its run directory's control
 * channel on the build's node (docs/progress-format.md, "Control requests"), and waits for the agent's answer in
 * events.jsonl.
 */
final class ControlSender {
    private ControlSender() {
    }

    /**
     * Writes a request file (to a temporary name, then renamed, as the format asks).
     *
     * @return the request's id
     */
    static String send(final FilePath runDirectory, final ControlAction action, final String mode,
                       final String requestedBy) throws IOException, InterruptedException {
        long now = System.currentTimeMillis();
        String id = ControlRequests.newId(now);
        FilePath folder = runDirectory.child(ControlRequestFile.FOLDER);
        folder.mkdirs();
        FilePath partial = folder.child("." + id + ".partial");
        try (OutputStream out = partial.write()) {
            out.write(ControlRequestFile.encode(id, action.jsonName(), mode, requestedBy, now / 1000.0));
        }
        partial.renameTo(folder.child(ControlRequestFile.fileName(id)));
        return id;
    }

    /** Waits up to {@code timeout} for the agent's answer to a request. */
    static Optional<ControlOutcome> await(final FilePath runDirectory, final String requestId,
                                          final Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String[] found = runDirectory.act(new NodeCalls.FindOutcome(requestId));
            if (found != null) {
                return Optional.of(new ControlOutcome(requestId, Boolean.parseBoolean(found[0]), found[1], found[2]));
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            Thread.sleep(250);
        }
    }
}
