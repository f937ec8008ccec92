package io.jenkins.plugins.gputraining.runner.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Splits a child's raw output into logical lines the way a terminal shows them.
 *
 * <p>'\n' ends a line ("\r\n" too). A '\r' followed by more text starts a new frame that overwrites the line, which
 * is how tqdm and similar bars animate: only the last frame of a line is delivered as the line, so a bar that redraws
 * a thousand times becomes one line in the log, not a thousand. The frames it overwrote go to an optional frame sink
 * as they are overwritten, for readers that take a record from every frame with a new value. Memory is bounded: only
 * the current
 * frame is held, and at most {@code maxLineBytes} of it; the rest of an overlong line is dropped and the line marked
 * {@link ConsoleLine#truncated()}. Output is decoded as UTF-8 per line (splitting bytes on '\r'/'\n' never cuts a
 * UTF-8 character), malformed bytes become U+FFFD.
 *
 * <p>Not thread-safe: one splitter per stream, fed by the thread that reads it.
 */
public final class ConsoleLineSplitter {
    /** Lines longer than this (64 KiB) are cut: a runaway line must not exhaust memory or stall the parser. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    private final Consumer<? super ConsoleLine> sink;
    private final Consumer<? super ConsoleLine> frameSink;
    private final int maxLineBytes;
    private byte[] frame = new byte[256];
    private int length;
    private boolean truncated;
    private int collapsedFrames;
    /** A '\r' was seen: the next byte decides whether it ends the line ('\n') or starts a new frame. */
    private boolean carriageReturn;

    public ConsoleLineSplitter(final Consumer<? super ConsoleLine> sink) {
        this(DEFAULT_MAX_LINE_BYTES, sink);
    }

    public ConsoleLineSplitter(final int maxLineBytes, final Consumer<? super ConsoleLine> sink) {
        this(maxLineBytes, sink, null);
    }

    /**
     * @param sink receives each logical line (its last frame)
     * @param frameSink receives each frame a '\r' overwrote, as a line of its own (with
     *         {@link ConsoleLine#collapsedFrames()} 0), before the line it belongs to; {@code null} for none
     */
    public ConsoleLineSplitter(final Consumer<? super ConsoleLine> sink,
                               final Consumer<? super ConsoleLine> frameSink) {
        this(DEFAULT_MAX_LINE_BYTES, sink, frameSink);
    }

    private ConsoleLineSplitter(final int maxLineBytes, final Consumer<? super ConsoleLine> sink,
                                final Consumer<? super ConsoleLine> frameSink) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.frameSink = frameSink;
    }

    /** Reads {@code in} to its end, delivering every line, the last one even without a final newline. */
    public static void split(final InputStream in, final Consumer<? super ConsoleLine> sink) throws IOException {
        ConsoleLineSplitter splitter = new ConsoleLineSplitter(sink);
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            splitter.accept(buffer, 0, n);
        }
        splitter.finish();
    }

    /** Feeds raw output; complete lines go to the sink before this returns. */
    public void accept(final byte[] bytes, final int offset, final int count) {
        Objects.checkFromIndexSize(offset, count, bytes.length);
        for (int i = offset; i < offset + count; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                deliver();
            }
            else if (b == '\r') {
                carriageReturn = true;
            }
            else {
                if (carriageReturn) {
                    // text after '\r' overwrites the line: the frame so far will never be seen again
                    carriageReturn = false;
                    if (length > 0 || truncated) {
                        collapsedFrames++;
                        if (frameSink != null) {
                            frameSink.accept(new ConsoleLine(decode(), 0, truncated));
                        }
                    }
                    length = 0;
                    truncated = false;
                }
                append(b);
            }
        }
    }

    /** Feeds output that is already text. */
    public void accept(final CharSequence text) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        accept(bytes, 0, bytes.length);
    }

    /** At the end of the stream: delivers the last line if it had no newline (a bar's final frame often has none). */
    public void finish() {
        if (length > 0 || truncated || collapsedFrames > 0) {
            deliver();
        }
        carriageReturn = false; // a lone '\r' at the end draws nothing
    }

    /** The frame being drawn now, e.g. for a live status display; empty between lines. */
    public String currentFrame() {
        return decode();
    }

    private void append(final byte b) {
        if (length == maxLineBytes) {
            truncated = true;
            return;
        }
        if (length == frame.length) {
            frame = Arrays.copyOf(frame, Math.min(maxLineBytes, frame.length * 2));
        }
        frame[length++] = b;
    }

    private void deliver() {
        sink.accept(new ConsoleLine(decode(), collapsedFrames, truncated));
        length = 0;
        truncated = false;
        collapsedFrames = 0;
        carriageReturn = false;
        if (frame.length > 4096) {
            frame = new byte[256]; // one long line must not pin a large buffer for the rest of the run
        }
    }

    private String decode() {
        int end = length;
        if (truncated) {
            // the cut may fall inside a UTF-8 character: drop that character rather than show U+FFFD
            int lead = end;
            while (lead > 0 && end - lead < 4 && (frame[lead - 1] & 0xC0) == 0x80) {
                lead--;
            }
            if (lead > 0 && (frame[lead - 1] & 0x80) != 0) {
                int first = frame[lead - 1] & 0xFF;
                int size = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2;
                if (lead - 1 + size > end) {
                    end = lead - 1;
                }
            }
        }
        return new String(frame, 0, end, StandardCharsets.UTF_8);
    }
}
