package io.jenkins.plugins.gputraining;

import hudson.FilePath;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import java.io.IOException;
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
     * Writes a request file on the node (to a temporary name, then renamed, as the format asks), into the run's own
     * {@code control/} folder only: a {@code control} that is a link or not a folder is refused
     * ({@link ControlRequestCallable}).
     *
     * @param mode how to pause, or {@code null} for the run's default
     * @return the request's id
     */
    static String send(final FilePath runDirectory, final ControlAction action, final PauseMode mode,
                       final String requestedBy) throws IOException, InterruptedException {
        return runDirectory.act(new ControlRequestCallable(action, mode, requestedBy));
    }

    /** Waits up to {@code timeout} for the agent's answer to a request. */
    static Optional<ControlOutcome> await(final FilePath runDirectory, final String requestId,
                                          final Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ControlOutcome found = runDirectory.act(new ControlOutcomeCallable(requestId));
            if (found != null) {
                return Optional.of(found);
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            Thread.sleep(250);
        }
    }
}
