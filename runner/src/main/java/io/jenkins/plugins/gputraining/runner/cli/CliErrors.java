package io.jenkins.plugins.gputraining.runner.cli;

import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import java.util.concurrent.Callable;

/** Turns a bad run directory into a one-line message and exit code 2, instead of a stack trace. */
public final class CliErrors {
    public static final int BAD_INPUT = 2;

    private CliErrors() {
    }

    public static int guard(final Callable<Integer> command) {
        try {
            return command.call();
        }
        catch (ProgressException | IllegalArgumentException e) {
            // A message-less exception (one rethrown across threads) still says what it was.
            System.err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return BAD_INPUT;
        }
        catch (Exception e) {
            System.err.println("error: " + e);
            return 1;
        }
    }
}
