package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.progress.AgentIdentity;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * How an agent takes a run directory for itself (docs/agent.md, "Durable output and liveness"): it locks it, so a
 * second agent fails naming the first, and a new run directory appears whole — lock, state folder and first
 * progress.json — or not at all: it is made under a temporary name beside its final one and renamed into place.
 */
final class RunClaim {
    /** The agent's state folder inside a run directory: lock, read positions, the training's pid and exit code. */
    static final String STATE_FOLDER = ".agent";
    /** The middle of a run directory's name while it is made: {@code .<name>.creating-<pid>-<random>}. */
    private static final String CREATING = ".creating-";

    private RunClaim() {
    }

    /**
     * Creates a run directory for a new run and locks it.
     *
     * @param first the run's first progress.json
     * @throws IOException naming the problem: the path is a file, holds a run already, is held by another agent,
     *         or cannot be written (nothing is left behind then)
     */
    static RunLock createNew(final Path runDirectory, final AgentIdentity agent, final ProgressSnapshot first,
                             final StatePreparation prepare) throws IOException {
        if (Files.exists(runDirectory, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(runDirectory)) {
            throw new IOException(runDirectory + " exists and is not a directory; give --out a directory to create");
        }
        if (!Files.isDirectory(runDirectory)) {
            Optional<RunLock> created = createWhole(runDirectory, agent, first, prepare);
            if (created.isPresent()) {
                return created.get();
            }
            // Another agent created it meanwhile: claim it as an existing directory, which tells what it holds.
        }
        return claimEmpty(runDirectory, agent, first, prepare);
    }

    /** What a new run puts into its state folder before its first progress.json (a failure undoes the claim). */
    @FunctionalInterface
    interface StatePreparation {
        void prepare(Path stateDirectory) throws IOException;
    }

    /**
     * Locks the run directory of an existing run (to attach to it).
     *
     * @return the lock, or empty when another live agent holds it
     * @throws IOException when the directory holds no run or its lock cannot be created
     */
    static Optional<RunLock> lockExisting(final Path runDirectory, final AgentIdentity agent) throws IOException {
        if (!Files.isRegularFile(runDirectory.resolve(ProgressFormat.PROGRESS_FILE))) {
            throw new IOException(runDirectory + " holds no run (no " + ProgressFormat.PROGRESS_FILE + ")");
        }
        return RunLock.tryAcquire(runDirectory.resolve(STATE_FOLDER), agent);
    }

    /** Makes the directory under a temporary name and renames it into place; empty when the name was taken. */
    private static Optional<RunLock> createWhole(final Path runDirectory, final AgentIdentity agent,
                                                 final ProgressSnapshot first, final StatePreparation prepare)
            throws IOException {
        Path parent = runDirectory.toAbsolutePath().getParent();
        List<Path> madeParents = createParents(parent);
        String prefix = "." + runDirectory.getFileName() + CREATING;
        deleteAbandoned(parent, prefix);
        Path temporary = parent.resolve(prefix + agent.pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
        RunLock lock = null;
        try {
            Files.createDirectory(temporary);
            lock = RunLock.tryAcquire(temporary.resolve(STATE_FOLDER), agent)
                    .orElseThrow(() -> new IOException("cannot lock the new " + temporary));
            prepare.prepare(temporary.resolve(STATE_FOLDER));
            writeFirst(temporary, first);
            try {
                Files.move(temporary, runDirectory, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, runDirectory);
            }
            return Optional.of(lock);
        }
        catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            closeAndDelete(lock, temporary, List.of());
            return Optional.empty();
        }
        catch (IOException | RuntimeException e) {
            closeAndDelete(lock, temporary, madeParents);
            throw new IOException("cannot create the run directory " + runDirectory + ": " + describe(e), e);
        }
    }

    /** Claims a directory that exists: it must hold no run, and no other agent. */
    private static RunLock claimEmpty(final Path runDirectory, final AgentIdentity agent,
                                      final ProgressSnapshot first, final StatePreparation prepare)
            throws IOException {
        Path state = runDirectory.resolve(STATE_FOLDER);
        boolean stateExisted = Files.exists(state);
        if (!stateExisted && Files.exists(runDirectory.resolve(ProgressFormat.PROGRESS_FILE))) {
            throw alreadyHoldsARun(runDirectory);
        }
        Optional<RunLock> lock;
        try {
            lock = RunLock.tryAcquire(state, agent);
        }
        catch (IOException e) {
            throw new IOException("cannot lock the run directory " + runDirectory + ": " + describe(e), e);
        }
        if (lock.isEmpty()) {
            throw new IOException(runDirectory + " is held by " + RunLock.holder(state)
                    + ", which records a run there; give --out another directory");
        }
        if (Files.exists(runDirectory.resolve(ProgressFormat.PROGRESS_FILE))) {
            lock.get().close();
            throw alreadyHoldsARun(runDirectory);
        }
        try {
            prepare.prepare(state);
            writeFirst(runDirectory, first);
        }
        catch (IOException | RuntimeException e) {
            lock.get().close();
            Files.deleteIfExists(runDirectory.resolve("." + ProgressFormat.PROGRESS_FILE + ".tmp"));
            if (!stateExisted) {
                deleteTree(state);
            }
            throw new IOException("cannot write the run directory " + runDirectory + ": " + describe(e), e);
        }
        return lock.get();
    }

    private static IOException alreadyHoldsARun(final Path runDirectory) {
        return new IOException(runDirectory + " already holds a run; give --out a new directory (or take that run "
                + "up with run --attach " + runDirectory + ")");
    }

    private static void writeFirst(final Path directory, final ProgressSnapshot first) throws IOException {
        // Only progress.json: RunWriter.open creates the .jsonl files, and a run directory is one that has it.
        RunWriter.writeProgress(directory, first);
    }

    /** Removes what agents that died while making this run directory left (their pid is gone). */
    private static void deleteAbandoned(final Path parent, final String prefix) {
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path sibling : siblings.filter(path -> path.getFileName().toString().startsWith(prefix)).toList()) {
                String rest = sibling.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                try {
                    long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                }
                catch (NumberFormatException e) {
                    continue;
                }
                deleteTree(sibling);
            }
        }
        catch (IOException e) {
            // Left for the next one: they are hidden and hold no run.
        }
    }

    private static List<Path> createParents(final Path parent) throws IOException {
        List<Path> made = new ArrayList<>();
        Path missing = parent;
        while (missing != null && !Files.exists(missing)) {
            made.add(0, missing);
            missing = missing.getParent();
        }
        try {
            for (Path directory : made) {
                Files.createDirectory(directory);
            }
        }
        catch (FileAlreadyExistsException e) {
            // made meanwhile by someone else: fine
        }
        catch (IOException e) {
            deleteEmpty(made);
            throw new IOException("cannot create " + parent + ": " + describe(e), e);
        }
        return made;
    }

    private static void closeAndDelete(final RunLock lock, final Path temporary, final List<Path> madeParents) {
        if (lock != null) {
            lock.close();
        }
        deleteTree(temporary);
        deleteEmpty(madeParents);
    }

    private static void deleteEmpty(final List<Path> made) {
        for (int i = made.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(made.get(i));
            }
            catch (IOException e) {
                return; // not empty: someone else uses it
            }
        }
    }

    private static void deleteTree(final Path directory) {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException e) {
            // best effort: the message about the cause is what matters
        }
    }

    /** An I/O error in words: the exception's message names the file, its class the problem. */
    static String describe(final Throwable e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getFile() + ": " + fs.getReason();
        }
        return message == null ? kind : (e instanceof java.nio.file.FileSystemException ? kind + ": " + message
                : message);
    }
}
