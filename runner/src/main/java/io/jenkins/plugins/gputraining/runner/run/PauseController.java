package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.runner.process.PausableProcess;
import io.jenkins.plugins.gputraining.runner.process.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The pause/resume state machine of a run (docs/agent.md, "Pause, resume, cancel"). It answers pause and resume
 * requests against the training's process tree, refuses those that do not fit the state the run is in, and records
 * each transition (or refusal, with the request's id) as an event. Thread-safe: requests arrive on the control
 * thread while the run's own thread waits for the training to exit.
 *
 * <pre>
 * RUNNING --pause suspend--> SUSPENDED --resume--> RUNNING
 * RUNNING --pause checkpoint--> CHECKPOINTING --trainer exits 0 or 75--> CHECKPOINTED --resume--> (relaunch) RUNNING
 * any --training exits otherwise, or cancel--> ENDING
 * </pre>
 */
final class PauseController {
    /** How long every process of the tree gets to show as stopped, or as continued. */
    static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The detail of a {@code checkpoint_requested} event naming the pause request it serves (not {@code request_id}:
     * the request is answered by the {@code paused} event that follows).
     */
    static final String PAUSE_REQUEST_ID = "pause_request_id";

    /** Where the run stands, as far as pausing goes. */
    enum State { RUNNING, SUSPENDED, CHECKPOINTING, CHECKPOINTED, ENDING }

    private final PauseSettings settings;
    private final RunRecorder recorder;
    private final ConsoleStatus status;
    private final Path trainerControlFile;
    private final Object lock = new Object();
    private PausableProcess process;
    private State state = State.ENDING;
    private boolean cancelRequested;
    private ControlRequest checkpointPause;
    private ControlRequest checkpointResume;

    /**
     * @param trainerControlFile the file the trainer reads for a checkpoint request ({@code GPU_TRAINING_CONTROL_FILE})
     */
    PauseController(final PauseSettings settings, final RunRecorder recorder, final ConsoleStatus status,
                    final Path trainerControlFile) {
        this.settings = settings;
        this.recorder = recorder;
        this.status = status;
        this.trainerControlFile = trainerControlFile;
    }

    State state() {
        synchronized (lock) {
            return state;
        }
    }

    /** The training (re)started: the run is running, with this process tree. */
    void started(final PausableProcess started) {
        synchronized (lock) {
            process = started;
            state = State.RUNNING;
        }
    }

    /**
     * Takes up a run found in a state of its own (an agent attaching to a training another agent started).
     *
     * @param found the state the recorded events and the processes show
     * @param pause the pause in progress, for {@link State#CHECKPOINTING}; else {@code null}
     */
    void adopt(final PausableProcess found, final State foundState, final ControlRequest pause) {
        synchronized (lock) {
            process = found;
            state = foundState;
            checkpointPause = pause;
        }
    }

    /** Marks the run as being cancelled: a pause or resume is refused from now on, and a checkpoint pause ends. */
    void cancel() {
        synchronized (lock) {
            cancelRequested = true;
            lock.notifyAll();
        }
    }

    boolean cancelRequested() {
        synchronized (lock) {
            return cancelRequested;
        }
    }

    /** Pauses in the request's mode (or the run's default): suspends the tree, or asks the trainer to checkpoint. */
    void pause(final ControlRequest request) throws InterruptedException {
        PauseMode mode = request.mode() != null ? request.mode() : settings.defaultMode();
        PausableProcess target;
        synchronized (lock) {
            if (state != State.RUNNING || cancelRequested) {
                refuse(request.id(), "cannot pause: the run is " + (cancelRequested ? "being cancelled"
                        : describe(state)));
                return;
            }
            target = process;
            if (mode == PauseMode.CHECKPOINT) {
                state = State.CHECKPOINTING;
                checkpointPause = request;
            }
        }
        if (mode == PauseMode.CHECKPOINT) {
            askForCheckpoint(target, request);
            return;
        }
        List<String> running = target.suspend(SIGNAL_TIMEOUT);
        if (!running.isEmpty()) {
            target.resume(SIGNAL_TIMEOUT);
            refuse(request.id(), "could not stop every process of the training (still running: "
                    + String.join(", ", running) + "); it goes on");
            return;
        }
        int processes = target.processCount();
        synchronized (lock) {
            state = State.SUSPENDED;
        }
        recorder.transition(RunStatus.PAUSED, LifecycleEvent.of(recorder.now(), LifecycleEvent.PAUSED,
                "paused (suspend): " + processes + " processes stopped; GPU memory stays allocated, and "
                        + "multi-process NCCL jobs can time out while suspended")
                .with("mode", PauseMode.SUSPEND.jsonName()).with(LifecycleEvent.REQUEST_ID, request.id())
                .with("requested_by", request.requestedBy()).with("processes", processes));
        status.message("paused (suspend)");
    }

    /** Resumes a suspended tree, or lets a checkpoint-paused run relaunch (see {@link #awaitResumeOrCancel()}). */
    void resume(final ControlRequest request) throws InterruptedException {
        PausableProcess target;
        synchronized (lock) {
            if (state == State.CHECKPOINTED && !cancelRequested) {
                checkpointResume = request;
                lock.notifyAll();
                return;
            }
            if (state != State.SUSPENDED || cancelRequested) {
                refuse(request.id(), "cannot resume: the run is " + (cancelRequested ? "being cancelled"
                        : describe(state)));
                return;
            }
            target = process;
        }
        List<String> stopped = target.resume(SIGNAL_TIMEOUT);
        if (!stopped.isEmpty()) {
            refuse(request.id(), "could not continue every process (still stopped: " + String.join(", ", stopped)
                    + ")");
            return;
        }
        synchronized (lock) {
            state = State.RUNNING;
        }
        recorder.transition(RunStatus.RUNNING, LifecycleEvent.of(recorder.now(), LifecycleEvent.RESUMED, "resumed")
                .with("mode", PauseMode.SUSPEND.jsonName()).with(LifecycleEvent.REQUEST_ID, request.id())
                .with("requested_by", request.requestedBy()));
        status.message("resumed");
    }

    /**
     * The training exited. When it did so for a checkpoint pause (exit code 0 or {@value
     * PauseSettings#CHECKPOINTED_EXIT_CODE}, not cancelled) the run is now checkpoint-paused and the pause request is
     * returned: record it with {@link #checkpointed}, then wait with {@link #awaitResumeOrCancel()}. Otherwise the run
     * is ending.
     */
    Optional<ControlRequest> exited(final int exitCode) {
        synchronized (lock) {
            boolean checkpointed = state == State.CHECKPOINTING && !cancelRequested
                    && (exitCode == 0 || exitCode == PauseSettings.CHECKPOINTED_EXIT_CODE);
            state = checkpointed ? State.CHECKPOINTED : State.ENDING;
            return checkpointed ? Optional.of(checkpointPause) : Optional.empty();
        }
    }

    /** Records that the trainer checkpointed and exited for this pause request: the run shows paused. */
    void checkpointed(final ControlRequest pause, final int exitCode, final Path runDirectory) {
        recorder.transition(RunStatus.PAUSED, LifecycleEvent.of(recorder.now(), LifecycleEvent.PAUSED,
                "paused: the trainer checkpointed and exited (code " + exitCode + "); the GPU is free")
                .with("mode", PauseMode.CHECKPOINT.jsonName()).with(LifecycleEvent.REQUEST_ID, pause.id())
                .with("requested_by", pause.requestedBy()).with("exit_code", exitCode));
        status.message("paused (checkpoint): resume with `resume " + runDirectory + "`");
    }

    /**
     * Waits, while checkpoint-paused, for a resume request or a cancel.
     *
     * @return the resume request, or empty when the run was cancelled instead
     */
    Optional<ControlRequest> awaitResumeOrCancel() throws InterruptedException {
        synchronized (lock) {
            while (checkpointResume == null && !cancelRequested) {
                lock.wait();
            }
            ControlRequest resume = cancelRequested ? null : checkpointResume;
            checkpointResume = null;
            return Optional.ofNullable(resume);
        }
    }

    /** Records a refusal: an {@code error} event carrying the request's id, so that the requester sees why. */
    void refuse(final String requestId, final String message) {
        recorder.event(LifecycleEvent.of(recorder.now(), LifecycleEvent.ERROR, message)
                .with(LifecycleEvent.REQUEST_ID, requestId));
        status.message("refused: " + message);
    }

    private void askForCheckpoint(final PausableProcess target, final ControlRequest request) {
        try {
            Files.writeString(trainerControlFile, "checkpoint\n");
        }
        catch (IOException e) {
            status.message("WARNING: cannot write " + trainerControlFile + ": " + e.getMessage());
        }
        Signal signal = settings.checkpointSignal();
        if (signal != null && target.isAlive()) {
            target.signalRoot(signal);
        }
        recorder.event(LifecycleEvent.of(recorder.now(), LifecycleEvent.CHECKPOINT_REQUESTED,
                "asked the trainer to checkpoint and exit ("
                        + (signal == null ? "control file)" : signal.name() + " and control file)"))
                .with(PAUSE_REQUEST_ID, request.id()).with("requested_by", request.requestedBy()));
        status.message("asked the trainer to checkpoint and exit");
    }

    private static String describe(final State state) {
        return switch (state) {
            case RUNNING -> "running";
            case SUSPENDED, CHECKPOINTED -> "paused";
            case CHECKPOINTING -> "being checkpointed for a pause";
            case ENDING -> "ending";
        };
    }
}
