package io.jenkins.plugins.gputraining.runner.parse;

import java.util.function.Consumer;

/**
 * Reads training progress from one stream of console output, in order: each logical line, and each progress-bar
 * frame that a '\r' overwrote ({@link ConsoleLineSplitter}). Unlike a {@link ProgressParser} it keeps what earlier
 * lines said (the epoch a header announced, a table's columns, a bar's step), so there is one reader per stream, fed
 * by the thread that reads it.
 */
public interface ProgressReader {
    /**
     * @param text a logical line without ANSI escapes ({@link ConsoleLine#text()})
     * @param time epoch seconds when the agent saw it
     * @param sink receives the observations the line completes (none, one, or one held back before and this one)
     */
    void line(String text, double time, Consumer<? super Observation> sink);

    /** A progress-bar frame that a later '\r' frame overwrote, ANSI escapes removed. */
    void frame(String text, double time, Consumer<? super Observation> sink);

    /** At the end of the stream: delivers what was held back. */
    void finish(double time, Consumer<? super Observation> sink);
}
