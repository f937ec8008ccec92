package io.jenkins.plugins.gputraining.model.progress;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tolerant reader of a {@code .jsonl} file: a malformed line is reported with its line number and skipped, a
 * truncated last line (a writer still appending, or one that crashed mid-line) is skipped, and neither stops the
 * reading.
 *
 * @param <T> the record type
 */
final class JsonLinesReader<T> {
    /** Problems beyond this many are counted, not listed, so a garbage file cannot exhaust memory. */
    static final int MAX_REPORTED_PROBLEMS = 100;
    // Small: summaries open thousands of short files; the buffer grows for longer lines.
    private static final int BUFFER_SIZE = 16 * 1024;

    /** Parses one record from a parser positioned on its START_OBJECT. */
    @FunctionalInterface
    interface RecordParser<T> {
        T parse(JsonParser parser) throws IOException, MalformedRecordException;
    }

    private final RecordParser<T> recordParser;

    JsonLinesReader(final RecordParser<T> recordParser) {
        this.recordParser = recordParser;
    }

    ReadResult read(final Path file, final Consumer<? super T> consumer) throws IOException {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name, consumer);
        }
        catch (NoSuchFileException e) {
            return ReadResult.missing(name);
        }
    }

    ReadResult read(final InputStream in, final String name, final Consumer<? super T> consumer) throws IOException {
        Lines lines = new Lines(name, consumer);
        byte[] buffer = new byte[BUFFER_SIZE];
        int start = 0;
        int end = 0;
        while (true) {
            if (end == buffer.length) {
                if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                else {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                break;
            }
            int scan = end;
            end += read;
            for (int i = scan; i < end; i++) {
                if (buffer[i] == '\n') {
                    lines.accept(buffer, start, i, true);
                    start = i + 1;
                }
            }
        }
        if (start < end) {
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
        private boolean truncatedTail;

        Lines(final String name, final Consumer<? super T> consumer) {
            this.name = name;
            this.consumer = consumer;
        }

        void accept(final byte[] buffer, final int from, final int to, final boolean complete) throws IOException {
            lineNumber++;
            int length = to - from;
            if (length > 0 && buffer[to - 1] == '\r') {
                length--;
            }
            if (isBlank(buffer, from, length)) {
                return;
            }
            T record;
            try (JsonParser parser = ProgressJson.factory().createParser(buffer, from, length)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new MalformedRecordException("not a JSON object");
                }
                record = recordParser.parse(parser);
                if (parser.nextToken() != null) {
                    throw new MalformedRecordException("unexpected content after the JSON object");
                }
            }
            catch (JsonProcessingException e) {
                reject(complete, e.getOriginalMessage());
                return;
            }
            catch (MalformedRecordException e) {
                reject(complete, e.getMessage());
                return;
            }
            records++;
            consumer.accept(record);
        }

        private void reject(final boolean complete, final String message) {
            if (!complete) {
                truncatedTail = true;
                return;
            }
            problemCount++;
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
            return new ReadResult(name, records, problems, problemCount, truncatedTail);
        }
    }
}
