package io.jenkins.plugins.gputraining.model.progress;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends whole lines to a {@code .jsonl} file: each record goes out in one {@code write} on an O_APPEND channel,
 * so a concurrent reader sees either the whole line or a truncated tail, never an interleaving.
 */
final class JsonLinesAppender implements Closeable {
    @FunctionalInterface
    interface RecordWriter<T> {
        void write(T record, JsonGenerator generator) throws IOException;
    }

    private final FileChannel channel;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    /** A failed append left part of a line that could not be cut off: the next one starts on a new line. */
    private boolean cutLine;

    JsonLinesAppender(final Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        terminateTruncatedTail(file);
    }

    /** After a crash the file may end mid-line; start on a new line so the next record is not glued to it. */
    private void terminateTruncatedTail(final Path file) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = reader.size();
            if (size == 0) {
                return;
            }
            reader.read(last, size - 1);
        }
        if (last.get(0) != '\n') {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
    }

    /** Appends a record as one line ({@link #appendAll}). */
    synchronized <T> void append(final T record, final RecordWriter<T> writer) throws IOException {
        appendAll(List.of(record), writer);
    }

    /**
     * Appends records as whole lines in one {@code write}: a concurrent reader sees only whole lines, and a training
     * that logs many lines at once costs one system call. A write that fails part-way (a full disk) is undone: the
     * file is cut back to where the lines began, so that the next record is not glued to half of one; if even that
     * fails, the next record starts on a new line.
     */
    synchronized <T> void appendAll(final List<T> records, final RecordWriter<T> writer) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        line.reset();
        if (cutLine) {
            line.write('\n');
        }
        for (T record : records) {
            try (JsonGenerator generator = ProgressJson.factory().createGenerator(line)) {
                writer.write(record, generator);
            }
            line.write('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(line.toByteArray());
        long start = channel.size();
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            cutLine = false;
        }
        catch (IOException e) {
            try {
                if (channel.size() > start) {
                    channel.truncate(start);
                }
            }
            catch (IOException again) {
                cutLine = true;
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    synchronized void force() throws IOException {
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            channel.force(false);
            channel.close();
        }
    }
}
