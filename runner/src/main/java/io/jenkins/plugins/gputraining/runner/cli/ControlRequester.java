package io.jenkins.plugins.gputraining.runner.cli;

import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@code pause}, {@code resume} and {@code cancel} share: send a request through the run directory's control
 * channel and wait for the agent's answer. Exit codes: 0 done, 1 refused, 2 bad run directory or not live, 3 no
 * answer in time (is the agent running the training still alive?).
 */
final class ControlRequester {
    private ControlRequester() {
    }

    static int request(final Path runDirectory, final ControlAction action, final PauseMode mode,
                       final Duration timeout) {
        ControlChannel channel = ControlChannel.of(runDirectory);
        ControlRequest request;
        try {
            request = channel.send(action, mode, "cli:" + System.getProperty("user.name", "unknown"));
        }
        catch (ProgressException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        catch (IOException e) {
            System.err.println("error: cannot write the request into " + channel.folder() + ": " + e.getMessage());
            return 2;
        }
        System.err.println(action.jsonName() + " requested; waiting for the agent (up to " + timeout.toSeconds()
                + " s)…");
        Optional<ControlOutcome> outcome;
        try {
            outcome = channel.awaitOutcome(request, timeout);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 3;
        }
        if (outcome.isEmpty()) {
            System.err.println("no answer within " + timeout.toSeconds() + " s: the request stays queued in "
                    + channel.folder() + "; is the agent running this training still alive?");
            return 3;
        }
        System.err.println((outcome.get().accepted() ? "" : "refused: ") + outcome.get().message());
        return outcome.get().accepted() ? 0 : 1;
    }
}
