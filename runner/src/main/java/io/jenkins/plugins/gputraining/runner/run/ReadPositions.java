package io.jenkins.plugins.gputraining.runner.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gputraining.model.progress.ProgressJson;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * How far the agent has read what the training wrote, saved in {@code .agent/positions.json} so that an agent
 * attaching after this one died goes on where it stopped: it neither records a line twice nor skips one
 * (docs/agent.md, "Attach and detach").
 *
 * <p>Saved: the offset in output.log after the last whole line parsed, how many records were taken from each metrics
 * file, how many records metrics.jsonl holds, and the source whose reading may be under way ({@code pending}). Reading
 * goes in {@link #step steps}, one at a time: a step that may record metrics first saves its source as pending, and
 * saves again once it recorded some. Whatever the moment of a crash, the records metrics.jsonl holds beyond the saved
 * count therefore came from the pending source, read from its saved position: the next agent skips that many of them.
 * Thread-safe.
 */
final class ReadPositions {
    static final String FILE = "positions.json";
    /** The {@code pending} value of output.log; a metrics file's is its path. */
    static final String OUTPUT = "output.log";

    private final Path file;
    private long outputOffset;
    private final Map<String, Long> fileRecords = new LinkedHashMap<>();
    private LongSupplier records = () -> 0;
    private String pending;
    private String savedPending;
    private long loadedRecords;
    private String loadedPending;
    private String lastFailure;

    private ReadPositions(final Path file) {
        this.file = file;
    }

    /** Positions that are never saved: for following the output of a run that another agent records. */
    static ReadPositions neverSaved(final long outputOffset) {
        ReadPositions positions = new ReadPositions(null);
        positions.outputOffset = outputOffset;
        return positions;
    }

    /** Fresh positions (a new run), saved in the state folder. */
    static ReadPositions start(final Path stateDirectory) {
        return new ReadPositions(stateDirectory.resolve(FILE));
    }

    /** The positions a previous agent saved; the start when it saved none. */
    static ReadPositions load(final Path stateDirectory) throws IOException {
        ReadPositions positions = start(stateDirectory);
        byte[] content;
        try {
            content = Files.readAllBytes(positions.file);
        }
        catch (NoSuchFileException e) {
            return positions;
        }
        JsonNode node = ProgressJson.mapper().readTree(content);
        if (node == null || !node.isObject()) {
            throw new IOException(positions.file + " does not hold a JSON object");
        }
        positions.outputOffset = Math.max(0, node.path("output_offset").asLong(0));
        node.path("metrics_files").fields().forEachRemaining(entry ->
                positions.fileRecords.put(entry.getKey(), Math.max(0, entry.getValue().asLong(0))));
        positions.loadedRecords = Math.max(0, node.path("metrics_records").asLong(0));
        positions.loadedPending = node.hasNonNull("pending") ? node.get("pending").asText() : null;
        return positions;
    }

    /** Where the count of records in metrics.jsonl comes from (the agent's {@link MetricsRouter}). */
    synchronized void countRecordsWith(final LongSupplier count) {
        records = count;
    }

    /**
     * Of the records metrics.jsonl holds now, those the previous agent made from the source it was reading when it
     * died, after its last save: the next read of that source must skip as many.
     *
     * @param recordsNow the records metrics.jsonl holds
     * @return the source ({@link #OUTPUT} or a metrics file's path) and how many to skip; {@code null} when none
     */
    synchronized Map.Entry<String, Long> unsaved(final long recordsNow) {
        long extra = recordsNow - loadedRecords;
        return extra > 0 && loadedPending != null ? Map.entry(loadedPending, extra) : null;
    }

    /**
     * One step of reading a source: marks it pending (saved, unless it already is), does the work, and saves once the
     * work recorded something.
     *
     * @param work reads and records; returns how many records it made
     * @return what the work returned, and the first save's failure, if any, is reported through {@link #save()}
     */
    synchronized int step(final String source, final IntSupplier work, final FailureReport report) {
        if (!source.equals(savedPending)) {
            pending = source;
            report.failed(save());
        }
        int made = work.getAsInt();
        if (made > 0) {
            pending = null;
            report.failed(save());
        }
        return made;
    }

    /** Where a failed save is told. */
    @FunctionalInterface
    interface FailureReport {
        /** @param failure what went wrong, or {@code null} when nothing did (or it was told before) */
        void failed(String failure);
    }

    synchronized long outputOffset() {
        return outputOffset;
    }

    synchronized void outputOffset(final long offset) {
        outputOffset = offset;
    }

    /** Records taken from a metrics file so far. */
    synchronized long fileRecords(final Path metricsFile) {
        return fileRecords.getOrDefault(metricsFile.toString(), 0L);
    }

    synchronized void fileRecords(final Path metricsFile, final long taken) {
        fileRecords.put(metricsFile.toString(), taken);
    }

    /**
     * Writes the positions (to a temporary file, renamed over the old one).
     *
     * @return why it could not, the first time it fails so; else {@code null}
     */
    synchronized String save() {
        if (file == null) {
            savedPending = pending;
            return null;
        }
        ObjectNode node = ProgressJson.mapper().createObjectNode();
        node.put("output_offset", outputOffset);
        ObjectNode files = node.putObject("metrics_files");
        fileRecords.forEach(files::put);
        node.put("metrics_records", records.getAsLong());
        node.put("pending", pending);
        Path temp = file.resolveSibling("." + FILE + ".tmp");
        try {
            Files.write(temp, ProgressJson.mapper().writeValueAsBytes(node));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            savedPending = pending;
            lastFailure = null;
            return null;
        }
        catch (IOException e) {
            // Unknown what the file says now: the next step saves its source again.
            savedPending = "?";
            String failure = "cannot write " + file + ": " + e.getMessage();
            boolean repeated = failure.equals(lastFailure);
            lastFailure = failure;
            return repeated ? null : failure;
        }
    }
}
