package io.jenkins.plugins.gputraining.runner.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A training command running as its own process group, under a small shell wrapper (docs/agent.md, "Durable output
 * and liveness"):
 *
 * <ul>
 *   <li>the group (started through {@code setsid} where it exists) lets pause, resume and stop reach the whole tree:
 *       a signal to the launched PID alone was seen not to pause a real torch job on an NVIDIA H200 machine
 *       (docs/gpu-validation.md);</li>
 *   <li>stdout and stderr are merged, as in a terminal, and go straight to the run's {@code output.log}: the agent
 *       reads them from there, and nothing is lost, nor is the training broken by a closed pipe, when it dies;</li>
 *   <li>the wrapper records the command's exit code, so that an agent attaching later ({@link #adopt}) learns how it
 *       ended;</li>
 *   <li>unless the training is {@code detached}, a watchdog stops the whole group within about a second of the
 *       agent's death: no orphans.</li>
 * </ul>
 */
public final class TrainingProcess implements PausableProcess {
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final Path SHELL = Path.of("/bin/sh");
    private static final byte[] WRAPPER = wrapperScript();
    private static final long POLL_MILLIS = 20;
    private static final long FIND_COMMAND_MILLIS = 10_000;

    private final Process wrapper;
    private final ProcessHandle wrapperHandle;
    private final boolean ownGroup;
    private final TrainingFiles files;
    private volatile ProcessTree tree;
    private volatile long commandPid;

    private TrainingProcess(final Process wrapper, final ProcessHandle wrapperHandle, final boolean ownGroup,
                            final TrainingFiles files) {
        this.wrapper = wrapper;
        this.wrapperHandle = wrapperHandle;
        this.ownGroup = ownGroup;
        this.files = files;
        this.tree = new ProcessTree(wrapperHandle);
        this.commandPid = wrapperHandle.pid();
    }

    /**
     * Starts a command.
     *
     * @param command the command and its arguments
     * @param workingDirectory where it runs
     * @param environment variables added to (or replacing those of) the agent's environment
     * @param files where its output, pid and exit code go
     * @param detached whether it outlives the agent (no watchdog)
     * @throws IOException naming the command when it cannot be started
     */
    public static TrainingProcess start(final List<String> command, final Path workingDirectory,
                                        final Map<String, String> environment, final TrainingFiles files,
                                        final boolean detached) throws IOException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        requireExecutable(command.get(0), workingDirectory, environment);
        if (!Files.isExecutable(SHELL)) {
            throw new IOException("cannot start " + command.get(0) + ": " + SHELL + " is missing (the agent runs "
                    + "trainings under a small shell wrapper)");
        }
        files.prepare(WRAPPER);
        Path setsid = SETSID.stream().filter(Files::isExecutable).findFirst().orElse(null);
        List<String> line = new ArrayList<>();
        boolean ownGroup = setsid != null && PosixSignals.available();
        if (ownGroup) {
            line.add(setsid.toString());
        }
        line.addAll(List.of(SHELL.toString(), files.wrapperScript().toAbsolutePath().toString(),
                files.stateDirectory().toAbsolutePath().toString(), detached ? "off" : "on", "--"));
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.outputLog().toFile()))
                .directory(workingDirectory == null ? null : workingDirectory.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException e) {
            File directory = builder.directory();
            throw new IOException("cannot start " + String.join(" ", command)
                    + (directory == null ? "" : " in " + directory) + ": " + e.getMessage(), e);
        }
        if (detached) {
            closeQuietly(process.getOutputStream()); // no watchdog reads it
        }
        // Otherwise the write end of the watchdog's pipe stays open, never written, until the agent dies (the OS
        // closes it) or the JVM has seen the wrapper exit (it closes it then).
        TrainingProcess training = new TrainingProcess(process, process.toHandle(), ownGroup, files);
        training.findCommand();
        return training;
    }

    /**
     * Takes up a training another agent started (detached), if its wrapper still runs.
     *
     * @param group the wrapper's pid (the process group's id), as the {@code started} event recorded it
     * @param groupStartedAt when the wrapper started, to tell a reused pid apart; {@code null} if not recorded
     * @return the training, or empty when its wrapper is gone (read its exit code from {@code files})
     */
    public static Optional<TrainingProcess> adopt(final long group, final Instant groupStartedAt,
                                                  final TrainingFiles files) {
        Optional<ProcessHandle> handle = ProcessHandle.of(group);
        if (handle.isEmpty() || !isLive(handle.get())) {
            return Optional.empty();
        }
        Optional<Instant> started = handle.get().info().startInstant();
        if (groupStartedAt != null && started.isPresent()
                && Duration.between(groupStartedAt, started.get()).abs().toMillis() > 1000
                || !runs(handle.get(), files.wrapperScript())) {
            return Optional.empty(); // the pid now belongs to another process
        }
        TrainingProcess training = new TrainingProcess(null, handle.get(), PosixSignals.available(), files);
        training.findCommand();
        return Optional.of(training);
    }

    /**
     * Takes up the training whose command the wrapper recorded in {@code command.pid}, for when its agent died before
     * it recorded the launch: its parent must be this run's wrapper.
     */
    public static Optional<TrainingProcess> adoptUnrecorded(final TrainingFiles files) {
        OptionalLong pid = files.commandPid();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.getAsLong()).flatMap(ProcessHandle::parent)
                .flatMap(wrapper -> adopt(wrapper.pid(), null, files));
    }

    /** Whether a process is the wrapper running this script (its command line names it). */
    private static boolean runs(final ProcessHandle process, final Path script) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            // By the script's last two names: the run directory may be reached by another path now.
            return new String(cmdline, StandardCharsets.UTF_8).contains(
                    script.getParent().getFileName() + File.separator + script.getFileName());
        }
        catch (IOException e) {
            // Without /proc, the start time alone tells.
            return !Files.isDirectory(Path.of("/proc/self"));
        }
    }

    private static byte[] wrapperScript() {
        try (InputStream in = TrainingProcess.class.getResourceAsStream("training-wrapper.sh")) {
            if (in == null) {
                throw new IllegalStateException("training-wrapper.sh is missing from the runner's jar");
            }
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read training-wrapper.sh from the runner's jar", e);
        }
    }

    /**
     * Waits until the wrapper has recorded the command's pid (its child), so that signals meant for the trainer reach
     * it and the tree is the command's; gives up when the wrapper ends first or after {@link #FIND_COMMAND_MILLIS}.
     */
    private void findCommand() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FIND_COMMAND_MILLIS);
        while (isLive(wrapperHandle) && System.nanoTime() < deadline) {
            OptionalLong pid = files.commandPid();
            if (pid.isPresent()) {
                Optional<ProcessHandle> command = ProcessHandle.of(pid.getAsLong());
                if (command.isPresent() && command.get().parent().map(ProcessHandle::pid)
                        .filter(parent -> parent == wrapperHandle.pid()).isPresent()) {
                    commandPid = command.get().pid();
                    tree = new ProcessTree(command.get());
                    return;
                }
            }
            try {
                Thread.sleep(5);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Fails early with a clear message: through the wrapper, a missing command would only show as exit code 127. */
    private static void requireExecutable(final String program, final Path workingDirectory,
                                          final Map<String, String> environment) throws IOException {
        if (program.contains(File.separator)) {
            Path path = Path.of(program);
            if (!path.isAbsolute() && workingDirectory != null) {
                path = workingDirectory.resolve(path);
            }
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IOException("cannot start " + program + ": "
                        + (Files.exists(path) ? "not an executable file" : "no such file"));
            }
            return;
        }
        String searchPath = environment.getOrDefault("PATH", System.getenv("PATH"));
        if (searchPath != null) {
            for (String entry : searchPath.split(File.pathSeparator)) {
                Path candidate = Path.of(entry.isEmpty() ? "." : entry, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return;
                }
            }
        }
        throw new IOException("cannot start " + program + ": not found on the PATH (" + searchPath + ")");
    }

    /** The training command's pid (the wrapper's, until the command is known). */
    public long pid() {
        return commandPid;
    }

    /** The process group's id: the wrapper's pid. */
    public long group() {
        return wrapperHandle.pid();
    }

    /** When the wrapper started (recorded so that an agent attaching later can tell a reused pid apart). */
    public Optional<Instant> groupStartedAt() {
        return wrapperHandle.info().startInstant();
    }

    /** Whether the command leads its own process group (signals reach the whole tree through it). */
    public boolean ownGroup() {
        return ownGroup;
    }

    @Override
    public int processCount() {
        return tree.pids().size();
    }

    /** The command's process tree. */
    public ProcessTree tree() {
        return tree;
    }

    @Override
    public boolean isAlive() {
        return isLive(wrapperHandle);
    }

    private static boolean isLive(final ProcessHandle handle) {
        return handle.isAlive() && ProcessTree.state(handle.pid()) != 'Z';
    }

    /** Sends a signal to every process of the tree: to the group, and to descendants that left it. */
    public void signal(final Signal signal) {
        List<Long> pids = new ArrayList<>(tree.pids());
        if (ownGroup) {
            PosixSignals.send(-group(), signal);
        }
        for (long pid : pids) {
            PosixSignals.send(pid, signal);
        }
    }

    /** Sends a signal to the command alone (for a request only the trainer's main process handles). */
    @Override
    public void signalRoot(final Signal signal) {
        PosixSignals.send(commandPid, signal);
    }

    @Override
    public List<String> suspend(final Duration timeout) throws InterruptedException {
        signal(Signal.SIGSTOP);
        return awaitState(true, timeout);
    }

    @Override
    public List<String> resume(final Duration timeout) throws InterruptedException {
        signal(Signal.SIGCONT);
        return awaitState(false, timeout);
    }

    private List<String> awaitState(final boolean stopped, final Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> others = tree.notIn(stopped);
        while (!others.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            if (stopped) {
                // Processes forked after the first signal need one of their own.
                signal(Signal.SIGSTOP);
            }
            others = tree.notIn(stopped);
        }
        return others;
    }

    /**
     * Stops the tree: SIGTERM (after SIGCONT, in case it is suspended), then SIGKILL for whatever is left after the
     * grace period.
     *
     * @return the command's exit code, if known (see {@link #waitFor()})
     */
    public OptionalInt terminate(final Duration grace) throws InterruptedException {
        if (isAlive()) {
            signal(Signal.SIGCONT);
            signal(Signal.SIGTERM);
        }
        if (!awaitExit(grace)) {
            signal(Signal.SIGKILL);
        }
        OptionalInt exitCode = waitFor();
        // Children that outlived the launched process (it exited, they did not) go too.
        if (!tree.pids().isEmpty()) {
            signal(Signal.SIGKILL);
        }
        return exitCode;
    }

    private boolean awaitExit(final Duration timeout) throws InterruptedException {
        if (wrapper != null) {
            return wrapper.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS * 5);
        }
        return !isAlive();
    }

    /**
     * Waits for the command to end.
     *
     * @return its exit code (128 + N when signal N killed it); empty only for an adopted training whose wrapper was
     *         killed before it could record one
     */
    public OptionalInt waitFor() throws InterruptedException {
        if (wrapper != null) {
            return OptionalInt.of(wrapper.waitFor());
        }
        while (isAlive()) {
            Thread.sleep(POLL_MILLIS * 5);
        }
        return files.exitCode();
    }

    /**
     * After the command ended: gives what is left of its process group (children that outlived it) a short grace to
     * end, then SIGTERM, then SIGKILL.
     *
     * @return how many rounds of signals it took: 0 when the group was already empty
     */
    public int stopLeftovers(final Duration grace) throws InterruptedException {
        return ownGroup ? stopLeftovers(group(), grace) : 0;
    }

    /**
     * Stops what is left of a training's process group after its command and wrapper ended: a grace to end, then
     * SIGTERM, then SIGKILL.
     *
     * @return how many rounds of signals it took: 0 when the group was already empty
     */
    public static int stopLeftovers(final long group, final Duration grace) throws InterruptedException {
        if (!PosixSignals.available()) {
            return 0;
        }
        Signal[] escalation = {null, Signal.SIGTERM, Signal.SIGKILL};
        for (int round = 0; round < escalation.length; round++) {
            if (escalation[round] != null) {
                PosixSignals.send(-group, Signal.SIGCONT);
                PosixSignals.send(-group, escalation[round]);
            }
            long deadline = System.nanoTime() + grace.toNanos();
            while (hasLiveMembers(group) && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS * 2);
            }
            if (!hasLiveMembers(group)) {
                return round;
            }
        }
        return escalation.length;
    }

    /** Whether a group has members that still run; without /proc, whether it has members at all. */
    private static boolean hasLiveMembers(final long group) {
        if (!PosixSignals.exists(-group)) {
            return false;
        }
        return !Files.isDirectory(Path.of("/proc/self")) || ProcessTree.groupHasLiveMembers(group);
    }

    private static void closeQuietly(final OutputStream stream) {
        try {
            stream.close();
        }
        catch (IOException e) {
            // nothing to do
        }
    }
}
