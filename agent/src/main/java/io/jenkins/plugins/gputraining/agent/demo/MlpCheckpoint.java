package io.jenkins.plugins.gputraining.agent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The demo trainer's checkpoint directory, {@code <output-dir>/checkpoint-<step>/}:
 *
 * <pre>
 * model.bin            the weights, the momentum buffer, the step and sample counters and the data set's identity
 * trainer_state.json   HuggingFace's shape: global_step, epoch, best_metric, log_history (the last few log dicts)
 * </pre>
 *
 * <p>{@code model.bin} is big-endian ({@link DataOutputStream}): the magic {@code GTDEMO01}, a format version
 * ({@code int} 1), {@code long} global step, {@code long} cumulative samples, {@code long} data set seed,
 * {@code int} data set size, {@code int} inputs, hidden and classes, {@code int} parameter count and that many
 * {@code double}s, the same for the momentum buffer, and last a {@code long} CRC-32 of all bytes before it.
 *
 * <p>A checkpoint is written into {@code checkpoint-<step>.tmp}, each file synced, and then renamed to its final
 * name, so {@code checkpoint-<step>} is either absent or complete.
 */
final class MlpCheckpoint {
    static final String MODEL_FILE = "model.bin";
    static final String STATE_FILE = "trainer_state.json";
    static final String TMP_SUFFIX = ".tmp";
    private static final byte[] MAGIC = "GTDEMO01".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");
    private static final int MAX_HIDDEN = 1 << 20;

    /** What {@code model.bin} holds. */
    record ModelState(long step, long samples, long seed, int datasetSize, int inputs, int hidden, int classes,
            double[] parameters, double[] velocity) {
    }

    /** A checkpoint read back: the model state, and {@code trainer_state.json} when it was readable. */
    record Loaded(Path directory, ModelState model, Optional<JsonNode> trainerState) {
    }

    private MlpCheckpoint() {
    }

    /** The directory name of the checkpoint of a step. */
    static String name(final long step) {
        return "checkpoint-" + step;
    }

    /**
     * Writes a checkpoint atomically and returns its final directory. An existing checkpoint of the same step
     * (from an earlier run into the same output directory) is replaced.
     */
    static Path save(final Path outputDir, final ModelState model, final byte[] trainerStateJson)
            throws IOException {
        Files.createDirectories(outputDir);
        Path target = outputDir.resolve(name(model.step()));
        Path tmp = outputDir.resolve(name(model.step()) + TMP_SUFFIX);
        deleteRecursively(tmp);
        Files.createDirectory(tmp);
        writeSynced(tmp.resolve(MODEL_FILE), encode(model));
        writeSynced(tmp.resolve(STATE_FILE), trainerStateJson);
        syncDirectory(tmp);
        deleteRecursively(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(outputDir);
        return target;
    }

    /**
     * Finds the checkpoint a resume path means: a checkpoint directory, its {@code model.bin}, or an output
     * directory holding {@code checkpoint-<step>} directories (the newest is taken).
     */
    static Path resolve(final Path path) throws MlpCheckpointException {
        if (!Files.exists(path)) {
            throw new MlpCheckpointException(path, "no such file or directory");
        }
        if (Files.isRegularFile(path)) {
            if (path.getFileName().toString().equals(MODEL_FILE) && path.toAbsolutePath().getParent() != null) {
                return path.toAbsolutePath().getParent();
            }
            throw new MlpCheckpointException(path, "not a checkpoint directory (a file, expected a directory with "
                    + MODEL_FILE + ")");
        }
        if (Files.isRegularFile(path.resolve(MODEL_FILE))) {
            return path;
        }
        Optional<Path> newest = newest(path);
        if (newest.isPresent()) {
            return newest.get();
        }
        throw new MlpCheckpointException(path, "not a checkpoint directory (no " + MODEL_FILE
                + " and no checkpoint-<step> directories in it)");
    }

    /** The complete checkpoint with the highest step in an output directory, if any. */
    static Optional<Path> newest(final Path outputDir) {
        if (!Files.isDirectory(outputDir)) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(outputDir)) {
            return children.filter(child -> NAME.matcher(child.getFileName().toString()).matches())
                    .filter(child -> Files.isRegularFile(child.resolve(MODEL_FILE)))
                    .max(Comparator.comparingLong(MlpCheckpoint::stepOf));
        }
        catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long stepOf(final Path checkpoint) {
        Matcher matcher = NAME.matcher(checkpoint.getFileName().toString());
        if (!matcher.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(matcher.group(1));
        }
        catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads a checkpoint directory; {@code trainer_state.json} is optional, {@code model.bin} is not. */
    static Loaded load(final Path directory, final ObjectMapper json) throws MlpCheckpointException {
        Path modelFile = directory.resolve(MODEL_FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(modelFile);
        }
        catch (NoSuchFileException e) {
            throw new MlpCheckpointException(directory, MODEL_FILE + " is missing");
        }
        catch (IOException e) {
            throw new MlpCheckpointException(directory, "cannot read " + MODEL_FILE + ": " + e, e);
        }
        ModelState model = decode(directory, bytes);
        Optional<JsonNode> state = Optional.empty();
        Path stateFile = directory.resolve(STATE_FILE);
        if (Files.isRegularFile(stateFile)) {
            try {
                JsonNode node = json.readTree(stateFile.toFile());
                state = node != null && node.isObject() ? Optional.of(node) : Optional.empty();
            }
            catch (IOException e) {
                state = Optional.empty(); // model.bin is authoritative; the log history is a nicety
            }
        }
        return new Loaded(directory, model, state);
    }

    static byte[] encode(final ModelState model) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(model.step());
            out.writeLong(model.samples());
            out.writeLong(model.seed());
            out.writeInt(model.datasetSize());
            out.writeInt(model.inputs());
            out.writeInt(model.hidden());
            out.writeInt(model.classes());
            writeDoubles(out, model.parameters());
            writeDoubles(out, model.velocity());
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(buffer.toByteArray());
            out.writeLong(crc.getValue());
        }
        catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    static ModelState decode(final Path directory, final byte[] bytes) throws MlpCheckpointException {
        String file = MODEL_FILE + " ";
        if (bytes.length < MAGIC.length + Long.BYTES
                || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new MlpCheckpointException(directory, file + "is not a demo trainer checkpoint (bad magic, "
                    + bytes.length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - Long.BYTES);
        long stored = ByteBuffer.wrap(bytes, bytes.length - Long.BYTES, Long.BYTES).getLong();
        if (crc.getValue() != stored) {
            throw new MlpCheckpointException(directory, file + "is corrupt or truncated (checksum mismatch, "
                    + bytes.length + " bytes)");
        }
        try (DataInputStream in = new DataInputStream(
                new ByteArrayInputStream(bytes, MAGIC.length, bytes.length - MAGIC.length - Long.BYTES))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new MlpCheckpointException(directory, file + "has format version " + version
                        + ", this trainer reads version " + VERSION);
            }
            long step = in.readLong();
            long samples = in.readLong();
            long seed = in.readLong();
            int datasetSize = in.readInt();
            int inputs = in.readInt();
            int hidden = in.readInt();
            int classes = in.readInt();
            if (step < 0 || samples < 0 || datasetSize < SpiralDataset.CLASSES || inputs != SpiralDataset.INPUTS
                    || classes != SpiralDataset.CLASSES || hidden < 1 || hidden > MAX_HIDDEN) {
                throw new MlpCheckpointException(directory, file + "holds an impossible state (step " + step
                        + ", samples " + samples + ", data set " + datasetSize + ", shape " + inputs + "-" + hidden
                        + "-" + classes + ")");
            }
            int expected = Mlp.parameterCount(inputs, hidden, classes);
            double[] parameters = readDoubles(in, expected, directory, "parameters");
            double[] velocity = readDoubles(in, expected, directory, "momentum buffer");
            if (in.available() != 0) {
                throw new MlpCheckpointException(directory, file + "has " + in.available() + " unexpected trailing bytes");
            }
            return new ModelState(step, samples, seed, datasetSize, inputs, hidden, classes, parameters, velocity);
        }
        catch (EOFException e) {
            throw new MlpCheckpointException(directory, file + "is truncated", e);
        }
        catch (IOException e) {
            throw new MlpCheckpointException(directory, "cannot read " + MODEL_FILE + ": " + e, e);
        }
    }

    private static void writeDoubles(final DataOutputStream out, final double[] values) throws IOException {
        out.writeInt(values.length);
        for (double value : values) {
            out.writeDouble(value);
        }
    }

    private static double[] readDoubles(final DataInputStream in, final int expected, final Path directory,
            final String what) throws IOException, MlpCheckpointException {
        int count = in.readInt();
        if (count != expected) {
            throw new MlpCheckpointException(directory, MODEL_FILE + " has " + count + " " + what + ", its shape needs "
                    + expected);
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    private static void writeSynced(final Path file, final byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Makes a directory's entries durable where the platform allows opening a directory (Linux, macOS). */
    private static void syncDirectory(final Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
        catch (IOException | UnsupportedOperationException e) {
            // not supported here (Windows); the rename is still atomic
        }
    }

    static void deleteRecursively(final Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        }
    }
}
