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

/**
 * How far the agent has read what the training wrote: the offset in output.log after the last whole line it parsed,
 * and how many records it took from each metrics file. Saved in {@code .agent/positions.json} whenever records were
 * made, so that an agent attaching after this one died goes on where it stopped: it neither records a line twice nor
 * skips one (docs/agent.md, "Attach and detach"). Thread-safe.
 */
final class ReadPositions {
    static final String FILE = "positions.json";

    private final Path file;
    private long outputOffset;
    private final Map<String, Long> fileRecords = new LinkedHashMap<>();
    private String lastFailure;

    private ReadPositions(final Path file) {
        this.file = file;
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
        return positions;
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

    synchronized void fileRecords(final Path metricsFile, final long records) {
        fileRecords.put(metricsFile.toString(), records);
    }

    /**
     * Writes the positions (to a temporary file, renamed over the old one).
     *
     * @return why it could not, or {@code null}
     */
    synchronized String save() {
        ObjectNode node = ProgressJson.mapper().createObjectNode();
        node.put("output_offset", outputOffset);
        ObjectNode files = node.putObject("metrics_files");
        fileRecords.forEach(files::put);
        Path temp = file.resolveSibling("." + FILE + ".tmp");
        try {
            Files.write(temp, ProgressJson.mapper().writeValueAsBytes(node));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            lastFailure = null;
            return null;
        }
        catch (IOException e) {
            String failure = "cannot write " + file + ": " + e.getMessage();
            boolean repeated = failure.equals(lastFailure);
            lastFailure = failure;
            return repeated ? null : failure;
        }
    }
}
