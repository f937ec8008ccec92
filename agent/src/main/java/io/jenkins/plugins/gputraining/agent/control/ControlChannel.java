package io.jenkins.plugins.gputraining.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.model.progress.ControlRequestFile;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The control channel of a run directory: any process that can write the directory (the CLI, the HTTP service,
 * a Jenkins step on the build's node) drops a request file into {@code control/}; the agent running the training
 * polls that folder, acts, deletes the file and records the outcome in events.jsonl with the request's id. Files,
 * not sockets, so it works wherever the run directory is reachable and needs no port.
 */
public final class ControlChannel {
    /** The folder of pending requests inside a run directory. */
    public static final String FOLDER = ControlRequestFile.FOLDER;
    private static final String SUFFIX = ControlRequestFile.SUFFIX;
    private static final ObjectMapper JSON = new ObjectMapper();

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
     * @return the request, whose id the outcome event will carry
     * @throws IllegalStateException when the run is not running or paused (it has ended, or never started)
     * @throws IOException when the request cannot be written
     */
    public ControlRequest send(final ControlAction action, final PauseMode mode, final String requestedBy)
            throws IOException {
        ProgressSnapshot progress = RunDirectory.at(runDirectory).readProgress();
        if (progress.status().isFinished()) {
            throw new IllegalStateException("run " + progress.jobId() + " is " + progress.status().jsonName()
                    + "; only a running or paused run can be paused, resumed or cancelled");
        }
        ControlRequest request = new ControlRequest(Instant.now().toEpochMilli() + "-" + UUID.randomUUID(),
                action, mode, requestedBy, Instant.now().toEpochMilli() / 1000.0);
        Files.createDirectories(folder());
        Path temp = folder().resolve("." + request.id() + ".tmp");
        Files.write(temp, ControlRequestFile.encode(request.id(), action.jsonName(),
                mode == null ? null : mode.jsonName(), requestedBy, request.time()));
        Path target = folder().resolve(ControlRequestFile.fileName(request.id()));
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target);
        }
        return request;
    }

    /**
     * Takes the pending requests, oldest first, removing their files (the agent's side). A malformed request file is
     * removed and returned as an error outcome in {@code rejected}.
     */
    public List<ControlRequest> take(final List<ControlOutcome> rejected) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder(), "*" + SUFFIX)) {
            stream.forEach(files::add);
        }
        catch (IOException e) {
            return List.of();
        }
        files.sort(null);
        List<ControlRequest> requests = new ArrayList<>();
        for (Path file : files) {
            String id = file.getFileName().toString().replace(SUFFIX, "");
            try {
                JsonNode json = JSON.readTree(file.toFile());
                String mode = json.path("mode").asText(null);
                requests.add(new ControlRequest(json.path("id").asText(id),
                        ControlAction.parse(json.path("action").asText()), mode == null ? null : PauseMode.parse(mode),
                        json.path("requested_by").asText("unknown"), json.path("time").asDouble()));
            }
            catch (IOException | IllegalArgumentException e) {
                rejected.add(new ControlOutcome(id, false, LifecycleEvent.ERROR,
                        "malformed control request " + file.getFileName() + ": " + e.getMessage()));
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
            for (LifecycleEvent event : run.events()) {
                if (request.id().equals(event.detail("request_id"))) {
                    boolean accepted = !LifecycleEvent.ERROR.equals(event.event());
                    return Optional.of(new ControlOutcome(request.id(), accepted, event.event(), event.message()));
                }
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            Thread.sleep(100);
        }
    }

    /** Whether the run directory's progress.json says the run is live (running or paused). */
    public boolean isLive() {
        RunStatus status = RunDirectory.at(runDirectory).readProgress().status();
        return !status.isFinished();
    }
}
