package io.jenkins.plugins.gputraining.runner.parse;

import java.util.Optional;

/**
 * Reads training progress from one logical line of the child's output.
 *
 * <p>Implementations are stateless and thread-safe, so the stdout and stderr readers can share one. Most lines are
 * not progress: an implementation rejects them cheaply and never throws on odd input.
 */
@FunctionalInterface
public interface ProgressParser {
    /**
     * @param line one logical line, progress-bar frames collapsed and ANSI escapes removed ({@link ConsoleLine#text()})
     * @param time epoch seconds when the agent saw the line
     * @return the progress the line reports, or empty when it reports none
     */
    Optional<Observation> parse(String line, double time);
}
