package io.jenkins.plugins.gputraining.runner.parse;

/**
 * One logical line of the child's console output, after progress-bar frames were collapsed.
 *
 * @param raw the line as the terminal would finally show it (the last '\r' frame), escapes kept: for output.log
 * @param collapsedFrames how many earlier '\r' frames of this line were dropped (0 for an ordinary line)
 * @param truncated whether the line exceeded the length cap and its end was dropped
 */
public record ConsoleLine(String raw, int collapsedFrames, boolean truncated) {
    /** The line without ANSI escape sequences and control characters: what parsers read. */
    public String text() {
        return AnsiEscapes.strip(raw);
    }
}
