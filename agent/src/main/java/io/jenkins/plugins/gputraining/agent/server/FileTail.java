package io.jenkins.plugins.gputraining.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gputraining.model.progress.ProgressJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows an append-only {@code .jsonl} file from an offset: each poll returns the whole lines appended since, parsed
 * leniently (the format's dialect); a cut-off last line waits for its end, a malformed line is skipped. A file that
 * shrank was replaced and is read again from its start. Not thread-safe (one watcher owns it).
 */
final class FileTail {
    /** At most this much is read per poll, so one burst cannot take all memory; the rest comes next time. */
    static final int MAX_READ_BYTES = 4 * 1024 * 1024;

    private final Path file;
    private long offset;
    /** Inside a line longer than {@link #MAX_READ_BYTES}: skip to its end. */
    private boolean skipping;
    private boolean caughtUp = true;

    private FileTail(final Path file, final long offset) {
        this.file = file;
        this.offset = offset;
    }

    /** A tail that starts after the last whole line the file holds now (where a snapshot taken now leaves off). */
    static FileTail atEnd(final Path file) {
        if (!Files.isRegularFile(file)) {
            return new FileTail(file, 0);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long start = Math.max(0, size - 64 * 1024);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
            while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) > 0) {
                // Reads the file's end.
            }
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return new FileTail(file, start + i + 1);
                }
            }
            // No newline in the last 64 KiB: a huge line is being written, or the file has one line without an end.
            return new FileTail(file, start == 0 ? 0 : size);
        }
        catch (IOException e) {
            return new FileTail(file, 0);
        }
    }

    long offset() {
        return offset;
    }

    /**
     * Whether the last poll read everything that was there (up to a cut-off last line); when false, more whole lines
     * wait for the next poll.
     */
    boolean caughtUp() {
        return caughtUp;
    }

    /** The records appended since the last poll, at most {@code maxRecords} of them (possibly none). */
    List<JsonNode> poll(final int maxRecords) {
        List<JsonNode> records = new ArrayList<>();
        caughtUp = true;
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        }
        catch (IOException e) {
            attributes = null;
        }
        if (attributes == null || !attributes.isRegularFile()) {
            // Opening a FIFO would wait for a writer, a device never ends: only regular files are read.
            offset = 0;
            return records;
        }
        if (attributes.size() == offset) {
            // Nothing appended: the watcher polls every file four times a second, most often for nothing.
            return records;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < offset) {
                offset = 0;
                skipping = false;
            }
            if (size == offset || maxRecords <= 0) {
                caughtUp = size == offset;
                return records;
            }
            long start = offset;
            int length = (int) Math.min(MAX_READ_BYTES, size - offset);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, offset + buffer.position());
                if (read <= 0) {
                    break;
                }
            }
            byte[] bytes = buffer.array();
            int filled = buffer.position();
            int lineStart = 0;
            for (int i = 0; i < filled && records.size() < maxRecords; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                if (skipping) {
                    skipping = false;
                }
                else {
                    parse(bytes, lineStart, i, records);
                }
                lineStart = i + 1;
            }
            if (lineStart == 0 && filled == MAX_READ_BYTES) {
                // A line longer than the read limit: skip it rather than hold it.
                skipping = true;
                offset += filled;
                caughtUp = false;
            }
            else {
                offset += lineStart;
                // Everything was read, and what is left is at most a cut-off last line.
                caughtUp = start + filled == size && noNewlineAfter(bytes, lineStart, filled);
            }
        }
        catch (NoSuchFileException e) {
            offset = 0;
        }
        catch (IOException e) {
            // Read again next time.
        }
        return records;
    }

    private static boolean noNewlineAfter(final byte[] bytes, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return false;
            }
        }
        return true;
    }

    private static void parse(final byte[] bytes, final int from, final int to, final List<JsonNode> records) {
        int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        if (end <= from) {
            return;
        }
        try {
            JsonNode node = ProgressJson.mapper().readTree(bytes, from, end - from);
            if (node != null && node.isObject()) {
                records.add(node);
            }
        }
        catch (IOException e) {
            // A malformed line: the analytics report it (data_quality); the stream skips it.
        }
    }
}
