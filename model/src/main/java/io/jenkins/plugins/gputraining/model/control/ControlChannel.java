package io.jenkins.plugins.gputraining.model.control;

import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import java.time.Instant;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.progress.RunLiveness;
import io.jenkins.plugins.gputraining.model.progress.LiveStatus;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The control channel of a run directory: any process that can write the directory (the CLI, the HTTP service, a
 * Jenkins step on the build's node) drops a request file into {@code control/}; the agent running the training polls
 * that folder, acts, deletes the file and records the outcome in events.jsonl with the request's id. Files, not
 * sockets, so it works wherever the run directory is reachable and needs no port.
 */
public final class ControlChannel {
    /** The folder of pending requests inside a run directory. */
    public static final String FOLDER = "control";
    /** The most bytes a request file may have; a bigger one is refused unread. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final Path runDirectory;

    private ControlChannel(final Path runDirectory) {
        this.runDirectory = runDirectory;
    }

    public static ControlChannel of(final Path runDirectory) {
        return new ControlChannel(runDirectory.toAbsolutePath().normalize());
    }

    public Path folder() {
        return runDirectory.resolve(FOLDER);
    }

    /**
     * Asks the agent running this run to act.
     *
     * @param mode how to pause, or {@code null} for the run's default (and for resume and cancel)
     * @return the request, whose id the outcome event will carry
     * @throws IllegalStateException when the run is not running or paused: it has ended, never started, or its agent
     *         is gone (docs/progress-format.md, "Liveness": nobody would answer)
     * @throws IOException when the request cannot be written
     */
    public ControlRequest send(final ControlAction action, final PauseMode mode, final String requestedBy)
            throws IOException {
        RunDirectory run = RunDirectory.at(runDirectory);
        ProgressSnapshot progress = run.readProgress();
        LiveStatus live = RunLiveness.judge(progress, run.events(), Instant.now());
        if (live.status().isFinished()) {
            throw new IllegalStateException("run " + progress.runId() + " is " + live.status().jsonName()
                    + (live.reason() == null ? "" : " (" + live.reason() + ")") + "; only a running or paused run "
                    + "can be " + action.pastTense()
                    + (live.status() == RunStatus.INTERRUPTED ? "; take it up with run --attach first" : ""));
        }
        ControlRequest request = ControlRequest.create(action, mode, requestedBy, System.currentTimeMillis());
        write(request);
        return request;
    }

    /**
     * Writes a request file: to a temporary name, then renamed, so the agent never reads half a request. The request
     * goes into the run's own {@code control/} folder only: when {@code control} is a link (to another run's folder,
     * say) or not a folder, nothing is written. The folder is opened without following links and the file written
     * and renamed relative to that open folder, so a link swapped in meanwhile is not followed either.
     *
     * @throws ControlFolderException when {@code control/} is a link or not a folder
     * @throws IOException when the request cannot be written
     */
    public void write(final ControlRequest request) throws IOException {
        Path folder = folder();
        try {
            Files.createDirectory(folder);
        }
        catch (FileAlreadyExistsException e) {
            // There already (or a link, refused below).
        }
        String temp = "." + request.id() + ".tmp";
        try (DirectoryStream<Path> run = Files.newDirectoryStream(runDirectory)) {
            if (run instanceof SecureDirectoryStream<Path> secureRun) {
                writeRelative(secureRun, request, temp);
                return;
            }
        }
        // No openat(2) on this platform: check, then write (a link swapped in between is not caught).
        requireFolder(folder);
        Path partial = folder.resolve(temp);
        Files.write(partial, request.toJson(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        Path target = folder.resolve(request.fileName());
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target);
        }
    }

    private void writeRelative(final SecureDirectoryStream<Path> run, final ControlRequest request, final String temp)
            throws IOException {
        Path name = Path.of(FOLDER);
        SecureDirectoryStream<Path> control;
        try {
            control = run.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        }
        catch (IOException e) {
            throw new ControlFolderException(notOwnFolder(), e);
        }
        try (control) {
            Path partial = Path.of(temp);
            try (SeekableByteChannel out = control.newByteChannel(partial, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
                ByteBuffer bytes = ByteBuffer.wrap(request.toJson());
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            control.move(partial, control, Path.of(request.fileName()));
        }
    }

    private void requireFolder(final Path folder) throws ControlFolderException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new ControlFolderException(notOwnFolder(), null);
        }
    }

    private String notOwnFolder() {
        return FOLDER + "/ of run directory " + runDirectory + " is a link or not a folder; a control request is "
                + "written only into the run's own control folder";
    }

    /**
     * Takes the pending requests, oldest first, removing their files (the agent's side). A malformed request file is
     * removed and returned as a refusal in {@code rejected}.
     */
    public List<ControlRequest> take(final List<ControlOutcome> rejected) {
        if (Files.isSymbolicLink(folder())) {
            // Another run's folder, perhaps: its requests are not this run's to take.
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder(), "*" + ControlRequest.SUFFIX)) {
            stream.forEach(files::add);
        }
        catch (IOException e) {
            return List.of();
        }
        files.sort(null);
        List<ControlRequest> requests = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String id = name.substring(0, name.length() - ControlRequest.SUFFIX.length());
            try {
                requests.add(ControlRequest.fromJson(read(file), id));
            }
            catch (IOException | IllegalArgumentException e) {
                rejected.add(ControlOutcome.refused(id, "malformed control request " + name + ": "
                        + e.getMessage()));
            }
            try {
                Files.deleteIfExists(file);
            }
            catch (IOException e) {
                // Left behind, it would be taken again: the agent keeps the ids it has answered.
            }
        }
        return requests;
    }

    private static byte[] read(final Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a regular file");
        }
        if (Files.size(file) > MAX_REQUEST_BYTES) {
            throw new IOException("bigger than " + MAX_REQUEST_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }

    /**
     * Waits for the agent's answer to a request: the first event in events.jsonl that carries its id.
     *
     * @return the outcome, or empty when none arrived in time (the agent may have died: see progress.json's
     *         {@code updated_at})
     */
    public Optional<ControlOutcome> awaitOutcome(final ControlRequest request, final Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RunDirectory run = RunDirectory.at(runDirectory);
        while (true) {
            Optional<ControlOutcome> outcome = ControlOutcome.find(run.events(), request.id());
            if (outcome.isPresent() || System.nanoTime() >= deadline) {
                return outcome;
            }
            Thread.sleep(100);
        }
    }
}
