package io.jenkins.plugins.gputraining.model.progress;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tolerant, bounded reader of a {@code .jsonl} file: a malformed line is reported with its line number and skipped,
 * a truncated last line (a writer still appending, or one that crashed mid-line) is skipped, and neither stops the
 * reading. It reads a file only up to the length it had when opened, and a line longer than
 * {@link #MAX_LINE_BYTES} is skipped as malformed without being held in memory, so any file is read in bounded time
 * and memory (docs/progress-format.md, "Limits").
 *
 * @param <T> the record type
 */
final class JsonLinesReader<T> {
    /** Problems beyond this many are counted, not listed, so a garbage file cannot exhaust memory. */
    static final int MAX_REPORTED_PROBLEMS = 100;
    /** Longer lines are skipped and counted as malformed. */
    static final int MAX_LINE_BYTES = 1 << 20;
    // Small for small files (summaries open thousands of short ones), larger for long ones (fewer reads); the buffer
    // grows for longer lines, up to the line limit.
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final int MIN_BUFFER_SIZE = 1024;
    private static final int MAX_BUFFER_SIZE = 256 * 1024;

    /** Parses one record from a parser positioned on its START_OBJECT. */
    @FunctionalInterface
    interface RecordParser<T> {
        T parse(JsonParser parser, SkippedValues skipped) throws IOException, MalformedRecordException;
    }

    private final RecordParser<T> recordParser;
    private final boolean batched;

    JsonLinesReader(final RecordParser<T> recordParser) {
        this(recordParser, true);
    }

    /**
     * @param batched whether consecutive lines are parsed by one parser (fast) rather than one parser a line; the
     *         answers are the same (a test holds them to it)
     */
    JsonLinesReader(final RecordParser<T> recordParser, final boolean batched) {
        this.recordParser = recordParser;
        this.batched = batched;
    }

    /** Reads a whole file; a missing file reads as empty. The caller has checked that it is a regular file. */
    ReadResult read(final Path file, final Consumer<? super T> consumer) throws IOException {
        return read(file, 0, 0, consumer);
    }

    /**
     * Reads a file from a byte offset that ends a line (0, or the {@link ReadResult#endOffset()} of an earlier read),
     * numbering lines from {@code linesBefore + 1}, up to the length the file has now.
     */
    ReadResult read(final Path file, final long fromOffset, final long linesBefore, final Consumer<? super T> consumer)
            throws IOException {
        String name = file.getFileName().toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (fromOffset > size) {
                throw new IOException(name + " is shorter (" + size + " bytes) than when it was last read ("
                        + fromOffset + " bytes)");
            }
            channel.position(fromOffset);
            long remaining = size - fromOffset;
            int buffer = (int) Math.max(MIN_BUFFER_SIZE, Math.min(MAX_BUFFER_SIZE, remaining + 1));
            return read(new ChannelInput(channel, remaining), name, fromOffset, linesBefore, consumer, buffer);
        }
        catch (NoSuchFileException e) {
            return ReadResult.missing(name);
        }
    }

    /** Reads a stream to its end (an archived artifact): the same rules, bounded by the stream's length. */
    ReadResult read(final InputStream in, final String name, final Consumer<? super T> consumer) throws IOException {
        return read(in::read, name, 0, 0, consumer, BUFFER_SIZE);
    }

    /** Where bytes come from: an input stream, or a file channel limited to a length. */
    @FunctionalInterface
    private interface Input {
        int read(byte[] buffer, int offset, int length) throws IOException;
    }

    private static final class ChannelInput implements Input {
        private final FileChannel channel;
        private long remaining;

        ChannelInput(final FileChannel channel, final long limit) {
            this.channel = channel;
            this.remaining = limit;
        }

        @Override
        public int read(final byte[] buffer, final int offset, final int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, remaining)));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }
    }

    private ReadResult read(final Input in, final String name, final long fromOffset, final long linesBefore,
                            final Consumer<? super T> consumer, final int bufferSize) throws IOException {
        Lines lines = new Lines(name, consumer, fromOffset, linesBefore);
        byte[] buffer = new byte[bufferSize];
        int start = 0;
        int end = 0;
        boolean overlong = false;
        while (true) {
            if (end == buffer.length) {
                if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                else if (buffer.length <= MAX_LINE_BYTES) {
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_LINE_BYTES + 1));
                }
                else {
                    // More than MAX_LINE_BYTES without a newline: drop the bytes and skip to the line's end.
                    overlong = true;
                    lines.advance(end);
                    start = 0;
                    end = 0;
                }
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                break;
            }
            int scan = end;
            end += read;
            int batch = 0;
            for (int i = scan; i < end; i++) {
                if (buffer[i] == '\n') {
                    if (overlong) {
                        lines.overlong(i - start + 1);
                        overlong = false;
                    }
                    else if (batched) {
                        lines.queue(batch++, start, i);
                    }
                    else {
                        lines.accept(buffer, start, i, true);
                    }
                    start = i + 1;
                }
            }
            if (batch > 0) {
                lines.acceptQueued(buffer, batch);
            }
            if (overlong) {
                lines.advance(end - start);
                start = 0;
                end = 0;
            }
        }
        if (overlong) {
            lines.overlong(end - start);
        }
        else if (start < end) {
            lines.accept(buffer, start, end, false);
        }
        return lines.result();
    }

    private final class Lines {
        private final String name;
        private final Consumer<? super T> consumer;
        private final List<RecordProblem> problems = new ArrayList<>();
        private long lineNumber;
        private long records;
        private long problemCount;
        private long skippedValues;
        private boolean truncatedTail;
        /** Offset of the first byte not yet consumed as part of a whole line. */
        private long offset;
        /** Bytes of an over-long line dropped so far. */
        private long pending;
        /** Whole lines found in the buffer, read together by {@link #acceptQueued}: their starts and ends. */
        private int[] queuedStarts = new int[256];
        private int[] queuedEnds = new int[256];
        /** Values the current line's parser left out; counted only if the line is kept. */
        private final List<String> lineSkips = new ArrayList<>(2);
        private final SkippedValues lineSink = lineSkips::add;

        Lines(final String name, final Consumer<? super T> consumer, final long fromOffset, final long linesBefore) {
            this.name = name;
            this.consumer = consumer;
            this.offset = fromOffset;
            this.lineNumber = linesBefore;
        }

        void advance(final long dropped) {
            pending += dropped;
        }

        void overlong(final long rest) {
            lineNumber++;
            offset += pending + rest;
            pending = 0;
            report("line longer than " + MAX_LINE_BYTES + " bytes; skipped");
        }

        void queue(final int index, final int from, final int to) {
            if (index == queuedStarts.length) {
                queuedStarts = Arrays.copyOf(queuedStarts, index * 2);
                queuedEnds = Arrays.copyOf(queuedEnds, index * 2);
            }
            queuedStarts[index] = from;
            queuedEnds[index] = to;
        }

        /**
         * The queued lines, in order: as many as one parser can take, each a whole record on its own line; a line it
         * cannot take (malformed, or not exactly one object) is read alone by {@link #accept}, which reports it, and
         * a new parser goes on after it.
         */
        void acceptQueued(final byte[] buffer, final int count) throws IOException {
            int next = 0;
            while (next < count) {
                next = acceptRun(buffer, next, count);
                if (next < count) {
                    accept(buffer, queuedStarts[next], queuedEnds[next], true);
                    next++;
                }
            }
        }

        /** Reads queued lines from {@code first} with one parser; returns the first it did not take. */
        private int acceptRun(final byte[] buffer, final int first, final int count) throws IOException {
            int from = queuedStarts[first];
            if (!plainStart(buffer, from, queuedEnds[first])) {
                // The parser guesses the encoding from the first bytes (a BOM, NULs of UTF-16 or UTF-32): leave
                // such a line to a parser of its own, so that the guess cannot spread to the lines after it.
                return first;
            }
            int k = first;
            try (JsonParser parser = ProgressJson.readerFactory().createParser(buffer, from,
                    queuedEnds[count - 1] - from)) {
                for (; k < count; k++) {
                    int lineStart = queuedStarts[k];
                    int lineEnd = queuedEnds[k];
                    int contentEnd = lineEnd > lineStart && buffer[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
                    if (isBlank(buffer, lineStart, contentEnd - lineStart)) {
                        lineNumber++;
                        offset += lineEnd - lineStart + 1;
                        continue;
                    }
                    if (parser.nextToken() != JsonToken.START_OBJECT) {
                        return k;
                    }
                    long begin = from + parser.currentTokenLocation().getByteOffset();
                    if (begin < lineStart || begin >= contentEnd) {
                        return k;
                    }
                    lineSkips.clear();
                    T record = recordParser.parse(parser, lineSink);
                    long after = from + parser.currentLocation().getByteOffset();
                    if (after > contentEnd || !isBlank(buffer, (int) after, contentEnd - (int) after)) {
                        return k;
                    }
                    lineNumber++;
                    offset += lineEnd - lineStart + 1;
                    for (String message : lineSkips) {
                        skippedValues++;
                        list(message);
                    }
                    records++;
                    consumer.accept(record);
                }
            }
            catch (IOException | MalformedRecordException e) {
                return k;
            }
            return count;
        }

        /** Whether a line's first bytes can only be read as UTF-8: no byte-order mark, no NUL. */
        private boolean plainStart(final byte[] buffer, final int from, final int to) {
            if (from < to && (buffer[from] & 0xff) >= 0xef) {
                return false;
            }
            for (int i = from; i < Math.min(to, from + 4); i++) {
                if (buffer[i] == 0) {
                    return false;
                }
            }
            return true;
        }

        /**
         * One line: {@code complete} when its newline was read. A cut-off last line is kept when it parses (a file
         * that does not end with a newline); otherwise it is skipped, reported as a truncated tail, and left unread
         * so that a later read from {@link ReadResult#endOffset()} finds it whole.
         */
        void accept(final byte[] buffer, final int from, final int to, final boolean complete) throws IOException {
            int length = to - from;
            if (length > 0 && buffer[to - 1] == '\r') {
                length--;
            }
            if (complete) {
                lineNumber++;
                offset += to - from + 1;
            }
            if (isBlank(buffer, from, length)) {
                return;
            }
            lineSkips.clear();
            T record;
            try (JsonParser parser = ProgressJson.readerFactory().createParser(buffer, from, length)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new MalformedRecordException("not a JSON object");
                }
                record = recordParser.parse(parser, lineSink);
                if (parser.nextToken() != null) {
                    throw new MalformedRecordException("unexpected content after the JSON object");
                }
            }
            catch (JsonProcessingException e) {
                reject(complete, e.getOriginalMessage());
                return;
            }
            catch (IOException e) {
                // Nothing is read from a device here: the parser's encoding guess failed on the line's bytes
                // (a CharConversionException for NULs that look like UTF-32).
                reject(complete, String.valueOf(e.getMessage()));
                return;
            }
            catch (MalformedRecordException e) {
                reject(complete, e.getMessage());
                return;
            }
            if (!complete) {
                lineNumber++;
                offset += to - from;
            }
            for (String message : lineSkips) {
                skippedValues++;
                list(message);
            }
            records++;
            consumer.accept(record);
        }

        private void reject(final boolean complete, final String message) {
            if (complete) {
                report(message);
            }
            else {
                truncatedTail = true;
            }
        }

        private void report(final String message) {
            problemCount++;
            list(message);
        }

        private void list(final String message) {
            if (problems.size() < MAX_REPORTED_PROBLEMS) {
                problems.add(new RecordProblem(name, lineNumber, message));
            }
        }

        private boolean isBlank(final byte[] buffer, final int from, final int length) {
            for (int i = from; i < from + length; i++) {
                byte b = buffer[i];
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }

        ReadResult result() {
            return new ReadResult(name, records, problems, problemCount, truncatedTail, skippedValues, offset,
                    lineNumber);
        }
    }
}
