package io.jenkins.plugins.gputraining.runner.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A training command running as its own process group (started through {@code setsid} where it exists), so that
 * pause, resume and stop reach the whole tree: a signal to the launched PID alone was seen not to pause a real torch
 * job on an NVIDIA H200 machine (docs/gpu-validation.md). stdout and stderr are merged, as in a terminal.
 */
public final class TrainingProcess implements PausableProcess {
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final long POLL_MILLIS = 20;

    private final Process process;
    private final boolean ownGroup;
    private final ProcessTree tree;

    private TrainingProcess(final Process process, final boolean ownGroup) {
        this.process = process;
        this.ownGroup = ownGroup;
        this.tree = new ProcessTree(process.toHandle());
    }

    /**
     * Starts a command.
     *
     * @param command the command and its arguments
     * @param workingDirectory where it runs
     * @param environment variables added to (or replacing those of) the agent's environment
     * @throws IOException naming the command when it cannot be started
     */
    public static TrainingProcess start(final List<String> command, final Path workingDirectory,
                                        final Map<String, String> environment) throws IOException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        requireExecutable(command.get(0), workingDirectory, environment);
        Path setsid = SETSID.stream().filter(Files::isExecutable).findFirst().orElse(null);
        List<String> line = new ArrayList<>();
        if (setsid != null && PosixSignals.available()) {
            line.add(setsid.toString());
        }
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                .directory(workingDirectory == null ? null : workingDirectory.toFile());
        builder.environment().putAll(environment);
        try {
            return new TrainingProcess(builder.start(), line.size() > command.size());
        }
        catch (IOException e) {
            File directory = builder.directory();
            throw new IOException("cannot start " + String.join(" ", command)
                    + (directory == null ? "" : " in " + directory) + ": " + e.getMessage(), e);
        }
    }

    /** Fails early with a clear message: through setsid, a missing command would only show as exit code 127. */
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

    public long pid() {
        return process.pid();
    }

    /** Whether the command leads its own process group (signals reach the whole tree through it). */
    public boolean ownGroup() {
        return ownGroup;
    }

    /** The command's merged stdout and stderr. */
    public InputStream output() {
        return process.getInputStream();
    }

    @Override
    public int processCount() {
        return tree.pids().size();
    }

    public ProcessTree tree() {
        return tree;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal to every process of the tree: to the group, and to descendants that left it. */
    public void signal(final Signal signal) {
        List<Long> pids = new ArrayList<>(tree.pids());
        if (ownGroup) {
            PosixSignals.send(-process.pid(), signal);
        }
        for (long pid : pids) {
            PosixSignals.send(pid, signal);
        }
    }

    /** Sends a signal to the launched process alone (for a request only the trainer's main process handles). */
    @Override
    public void signalRoot(final Signal signal) {
        PosixSignals.send(process.pid(), signal);
    }

    /**
     * Stops (SIGSTOP) the whole tree and waits until every process shows as stopped.
     *
     * @return the processes that did not stop within the timeout, as {@code pid (state)}; empty on success
     */
    @Override
    public List<String> suspend(final Duration timeout) throws InterruptedException {
        signal(Signal.SIGSTOP);
        return awaitState(true, timeout);
    }

    /**
     * Continues (SIGCONT) the whole tree and waits until no process shows as stopped.
     *
     * @return the processes still stopped after the timeout; empty on success
     */
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
     * @return the command's exit code
     */
    public int terminate(final Duration grace) throws InterruptedException {
        if (process.isAlive()) {
            signal(Signal.SIGCONT);
            signal(Signal.SIGTERM);
        }
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            signal(Signal.SIGKILL);
        }
        int exitCode = process.waitFor();
        // Children that outlived the launched process (it exited, they did not) go too.
        if (!tree.pids().isEmpty()) {
            signal(Signal.SIGKILL);
        }
        return exitCode;
    }

    /** Waits for the command to exit and returns its exit code (128 + N when signal N killed it). */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }
}
