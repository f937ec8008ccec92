package io.jenkins.plugins.gputraining.runner.parse;

import java.util.function.Consumer;

/** A {@link ProgressParser} read line by line, as {@code jsonl}, {@code lightning} and {@code regex:} formats are. */
final class LineParserReader implements ProgressReader {
    private final ProgressParser parser;

    LineParserReader(final ProgressParser parser) {
        this.parser = parser;
    }

    @Override
    public void line(final String text, final double time, final Consumer<? super Observation> sink) {
        parser.parse(text, time).ifPresent(sink);
    }

    @Override
    public void frame(final String text, final double time, final Consumer<? super Observation> sink) {
        // these formats read what the terminal finally shows, as before
    }

    @Override
    public void finish(final double time, final Consumer<? super Observation> sink) {
        // nothing held
    }
}
