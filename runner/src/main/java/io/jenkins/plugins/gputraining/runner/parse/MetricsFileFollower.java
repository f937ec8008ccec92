package io.jenkins.plugins.gputraining.runner.parse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Follows a metrics file that the training process writes while it runs: {@code --metrics-file F}, or the file the
 * agent names in {@value #ENVIRONMENT_VARIABLE}.
 *
 * <p>The file is either JSON lines ({@code {"step": 10, "loss": 0.5, "samples": 640}}, see {@link JsonLineParser}) or
 * CSV with a header line (Lightning's CSVLogger, see {@link CsvMetricsTable}); the first non-blank line decides. Only
 * complete lines are read: a line still being written is read when its newline arrives, or by {@link #drain()}.
 *
 * <p>The file may not exist yet, and may be replaced, truncated or rewritten: Lightning rewrites metrics.csv from the
 * start, with a wider header, whenever a new metric appears. A rewrite is noticed by a different file identity, a
 * size below what was read, a changed header, or changed bytes just before the read position; the file is then read
 * again from the start and {@link RecordHistory} skips the records delivered before, so each is delivered once.
 *
 * <p>Polling opens the file each time (cheap at the agent's sampling interval, and it follows a replaced file) and
 * never throws: a missing file yields nothing, an I/O error is kept in {@link #lastProblem()} and retried next time.
 * Thread-safe.
 */
public final class MetricsFileFollower {
    /** The environment variable naming the JSON-lines file the agent follows for the child. */
    public static final String ENVIRONMENT_VARIABLE = "GPU_TRAINING_METRICS_FILE";

    /** The longest line read; a longer one is skipped whole (a metrics record is a few hundred bytes). */
    static final int MAX_LINE_BYTES = 1024 * 1024;
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int ANCHOR_BYTES = 64;
    private static final int ATTEMPTS = 3;

    /** How the file is laid out, known once its first non-blank line is complete. */
    public enum Layout { UNKNOWN, JSON_LINES, CSV }

    private final Path file;
    private final Clock clock;
    private final JsonLineParser json = JsonLineParser.forMetricsFile();
    private final RecordHistory history = new RecordHistory();

    private Object fileKey;
    private Position position = Position.START;
    private String lastProblem;

    public MetricsFileFollower(final Path file) {
        this(file, Clock.systemUTC());
    }

    /**
     * @param clock gives the time stamped on records that carry none of their own (CSV rows)
     */
    public MetricsFileFollower(final Path file, final Clock clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path file() {
        return file;
    }

    public synchronized Layout layout() {
        return position.layout;
    }

    /** Why the last poll could not read the file, if it could not (other than the file not existing yet). */
    public synchronized Optional<String> lastProblem() {
        return Optional.ofNullable(lastProblem);
    }

    /** The records completed since the last call, in file order. */
    public synchronized List<Observation> poll() {
        return read(false);
    }

    /**
     * Everything left, a last line without its newline included: call it when the child has exited, so that the
     * records written just before the end are not lost.
     */
    public synchronized List<Observation> drain() {
        return read(true);
    }

    private List<Observation> read(final boolean toEnd) {
        double now = clock.millis() / 1000.0;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    if (wasRewritten(channel, key, position)) {
                        restart(key);
                    }
                    fileKey = key;
                    Scan scan = new Scan(position, now);
                    scan.read(channel, toEnd);
                    if (wasRewritten(channel, key, scan.end())) {
                        restart(key); // rewritten while we read: what we read may be torn, read it again
                        continue;
                    }
                    lastProblem = null;
                    return commit(scan);
                }
            }
            catch (NoSuchFileException e) {
                lastProblem = null; // not written yet, or being replaced
                return List.of();
            }
            catch (IOException e) {
                lastProblem = "cannot read " + file + ": " + e;
                return List.of();
            }
        }
        return List.of();
    }

    private boolean wasRewritten(final FileChannel channel, final Object key, final Position at) throws IOException {
        if (fileKey != null && key != null && !key.equals(fileKey)) {
            return true; // replaced by another file
        }
        if (channel.size() < at.offset) {
            return true; // truncated
        }
        return !matches(channel, at.offset - at.anchor.length, at.anchor)
                || at.header != null && !matches(channel, at.headerOffset, at.header);
    }

    private static boolean matches(final FileChannel channel, final long offset, final byte[] expected)
            throws IOException {
        if (expected.length == 0) {
            return true;
        }
        ByteBuffer actual = ByteBuffer.allocate(expected.length);
        while (actual.hasRemaining()) {
            if (channel.read(actual, offset + actual.position()) <= 0) {
                return false;
            }
        }
        return Arrays.equals(actual.array(), expected);
    }

    private void restart(final Object key) {
        fileKey = key;
        position = Position.START;
        history.rewind();
    }

    private List<Observation> commit(final Scan scan) {
        position = scan.end();
        List<Observation> delivered = new ArrayList<>();
        for (Scan.Entry entry : scan.entries) {
            if (!history.alreadyDelivered(entry.fingerprint()) && entry.observation() != null) {
                delivered.add(entry.observation());
            }
        }
        return delivered;
    }

    /** Where reading stands in the current version of the file; immutable, so a torn read can be discarded. */
    private static final class Position {
        static final Position START = new Position(0, new byte[0], Layout.UNKNOWN, null, null, 0, false);

        final long offset;
        /** The bytes just before {@link #offset}: if they changed, the file was rewritten. */
        final byte[] anchor;
        final Layout layout;
        final CsvMetricsTable table;
        /** The CSV header line with its newline, and where it starts. */
        final byte[] header;
        final long headerOffset;
        /** Inside a line longer than {@link #MAX_LINE_BYTES}, skipped up to its newline. */
        final boolean skipping;

        Position(final long offset, final byte[] anchor, final Layout layout, final CsvMetricsTable table,
                 final byte[] header, final long headerOffset, final boolean skipping) {
            this.offset = offset;
            this.anchor = anchor;
            this.layout = layout;
            this.table = table;
            this.header = header;
            this.headerOffset = headerOffset;
            this.skipping = skipping;
        }
    }

    /** One pass over the new bytes; its result is committed only if the file was not rewritten meanwhile. */
    private final class Scan {
        record Entry(long fingerprint, Observation observation) {
        }

        private final double now;
        final List<Entry> entries = new ArrayList<>();
        private long offset;
        private byte[] anchor;
        private Layout layout;
        private CsvMetricsTable table;
        private byte[] header;
        private long headerOffset;
        private boolean skipping;

        Scan(final Position from, final double now) {
            this.now = now;
            offset = from.offset;
            anchor = from.anchor;
            layout = from.layout;
            table = from.table;
            header = from.header;
            headerOffset = from.headerOffset;
            skipping = from.skipping;
        }

        Position end() {
            return new Position(offset, anchor, layout, table, header, headerOffset, skipping);
        }

        void read(final FileChannel channel, final boolean toEnd) throws IOException {
            byte[] buffer = new byte[CHUNK_BYTES];
            int filled = 0; // buffer[0] is the byte at offset; no newline in buffer[0, filled)
            while (true) {
                if (filled == buffer.length) {
                    if (buffer.length < MAX_LINE_BYTES) {
                        buffer = Arrays.copyOf(buffer, Math.min(MAX_LINE_BYTES, buffer.length * 2));
                    }
                    else {
                        skipping = true;
                        consume(buffer, filled);
                        filled = 0;
                    }
                }
                int count = channel.read(ByteBuffer.wrap(buffer, filled, buffer.length - filled), offset + filled);
                if (count <= 0) {
                    break;
                }
                int lineStart = 0;
                for (int i = filled; i < filled + count; i++) {
                    if (buffer[i] == '\n') {
                        if (skipping) {
                            skipping = false;
                        }
                        else {
                            line(buffer, lineStart, i + 1, offset + lineStart);
                        }
                        lineStart = i + 1;
                    }
                }
                filled += count;
                if (lineStart > 0) {
                    consume(buffer, lineStart);
                    System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart);
                    filled -= lineStart;
                }
            }
            if (toEnd && filled > 0) {
                if (!skipping) {
                    line(buffer, 0, filled, offset);
                }
                skipping = false;
                consume(buffer, filled);
            }
        }

        /** The bytes buffer[0, count) were read: advance past them, remembering the last ones as the anchor. */
        private void consume(final byte[] buffer, final int count) {
            int keep = Math.min(ANCHOR_BYTES, anchor.length + count);
            byte[] next = new byte[keep];
            int fromBuffer = Math.min(keep, count);
            int fromAnchor = keep - fromBuffer;
            System.arraycopy(anchor, anchor.length - fromAnchor, next, 0, fromAnchor);
            System.arraycopy(buffer, count - fromBuffer, next, fromAnchor, fromBuffer);
            anchor = next;
            offset += count;
        }

        /** One line, buffer[from, to) with its newline if it had one, starting at {@code lineOffset} in the file. */
        private void line(final byte[] buffer, final int from, final int to, final long lineOffset) {
            int end = to;
            while (end > from && (buffer[end - 1] == '\n' || buffer[end - 1] == '\r')) {
                end--;
            }
            String text = new String(buffer, from, end - from, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return;
            }
            if (layout == Layout.UNKNOWN) {
                table = text.strip().startsWith("{") ? null : CsvMetricsTable.ofHeader(text);
                if (table == null) {
                    layout = Layout.JSON_LINES;
                }
                else {
                    layout = Layout.CSV;
                    header = Arrays.copyOfRange(buffer, from, to);
                    headerOffset = lineOffset;
                    return;
                }
            }
            if (layout == Layout.CSV) {
                Map<String, String> row = table.row(text);
                if (row == null) {
                    entries.add(new Entry(Fnv64.add(Fnv64.OFFSET_BASIS, text.getBytes(StandardCharsets.UTF_8)), null));
                    return;
                }
                entries.add(new Entry(CsvMetricsTable.signature(row),
                        CsvMetricsTable.observation(row, now).orElse(null)));
            }
            else {
                String record = text.strip();
                entries.add(new Entry(Fnv64.add(Fnv64.OFFSET_BASIS, record.getBytes(StandardCharsets.UTF_8)),
                        json.parse(record, now).orElse(null)));
            }
        }
    }
}
