package io.jenkins.plugins.gputraining.runner.process;

import java.time.Duration;
import java.util.List;

/**
 * What pausing needs of a training's process tree: stop it all, continue it all, and signal its main process (to ask
 * for a checkpoint). {@link TrainingProcess} is the real one.
 */
public interface PausableProcess {
    /**
     * Stops (SIGSTOP) every process of the tree and waits until each shows as stopped.
     *
     * @return the processes that did not stop within the timeout, as {@code pid (state)}; empty on success
     */
    List<String> suspend(Duration timeout) throws InterruptedException;

    /**
     * Continues (SIGCONT) every process of the tree and waits until none shows as stopped.
     *
     * @return the processes still stopped after the timeout; empty on success
     */
    List<String> resume(Duration timeout) throws InterruptedException;

    /** Sends a signal to the training command's own process alone (not to its children). */
    void signalRoot(Signal signal);

    /** Whether the training command still runs. */
    boolean isAlive();

    /** How many live processes the tree has now. */
    int processCount();
}
