package io.jenkins.plugins.gputraining.runner.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The files through which a training outlives its agent (docs/agent.md, "Durable output and liveness"): the
 * training writes its output to {@code output.log} itself, and its wrapper records the command's pid and exit code in
 * the agent's state folder, in bytes reserved beforehand so that a full disk cannot lose them.
 *
 * @param outputLog the training's output (stdout and stderr, appended by the OS)
 * @param stateDirectory the agent's state folder in the run directory
 */
public record TrainingFiles(Path outputLog, Path stateDirectory) {
    static final String WRAPPER = "wrapper.sh";
    static final String COMMAND_PID = "command.pid";
    static final String EXIT_CODE = "exit-code";
    static final String EXIT_CODE_RESERVED = "exit-code.tmp";
    /** Left by the watchdog when it stopped the training because its agent died. */
    static final String STOPPED_BY_WATCHDOG = "stopped-by-watchdog";
    /** Spaces enough for a pid or an exit code and its newline, written over in place later. */
    private static final int RESERVED_BYTES = 24;

    public Path commandPidFile() {
        return stateDirectory.resolve(COMMAND_PID);
    }

    public Path exitCodeFile() {
        return stateDirectory.resolve(EXIT_CODE);
    }

    /** The wrapper script the training runs under (written by {@link #prepare}). */
    public Path wrapperScript() {
        return stateDirectory.resolve(WRAPPER);
    }

    /**
     * Before a launch: writes the wrapper script, forgets the previous command's pid and exit code, and reserves the
     * bytes the wrapper writes them into.
     */
    void prepare(final byte[] wrapper) throws IOException {
        Files.createDirectories(stateDirectory);
        Path script = wrapperScript();
        if (!Files.isRegularFile(script) || !Arrays.equals(Files.readAllBytes(script), wrapper)) {
            Files.write(script, wrapper);
        }
        Files.deleteIfExists(exitCodeFile());
        Files.deleteIfExists(stateDirectory.resolve(STOPPED_BY_WATCHDOG));
        reserve(commandPidFile());
        reserve(stateDirectory.resolve(EXIT_CODE_RESERVED));
    }

    private static void reserve(final Path file) throws IOException {
        byte[] blanks = new byte[RESERVED_BYTES];
        Arrays.fill(blanks, (byte) ' ');
        blanks[RESERVED_BYTES - 1] = '\n';
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(blanks);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Whether the watchdog stopped the training because its agent died (docs/agent.md). */
    public boolean stoppedByWatchdog() {
        return Files.exists(stateDirectory.resolve(STOPPED_BY_WATCHDOG));
    }

    /** The pid the wrapper recorded for the command it started last, if it has. */
    OptionalLong commandPid() {
        String line = firstLine(commandPidFile());
        if (line == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(line));
        }
        catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The exit code the wrapper recorded when the command ended, if it did. */
    public OptionalInt exitCode() {
        String line = firstLine(exitCodeFile());
        if (line == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(line));
        }
        catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static String firstLine(final Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
            int end = text.indexOf('\n');
            String line = (end < 0 ? text : text.substring(0, end)).trim();
            return line.isEmpty() ? null : line;
        }
        catch (NoSuchFileException e) {
            return null;
        }
        catch (IOException e) {
            return null;
        }
    }
}
