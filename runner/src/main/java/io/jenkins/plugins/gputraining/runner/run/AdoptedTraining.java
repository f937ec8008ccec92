package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.runner.process.TrainingFiles;
import io.jenkins.plugins.gputraining.runner.process.TrainingProcess;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What an agent attaching to a run finds (docs/agent.md, "Attach and detach"): the training still running (its
 * wrapper, from the last {@code started} or {@code resumed} event, is there with the same start time), paused, or
 * ended — with the exit code its wrapper recorded, or none when it was stopped with its agent.
 *
 * @param process the training, while it runs
 * @param state where pausing stands
 * @param checkpointPause the pause request a checkpoint pause serves, or {@code null}
 * @param phase where the monitor takes the run up
 * @param exitCode how the training ended, when it did and said so
 * @param unrecordedPause whether the trainer checkpointed and exited for a pause that the previous agent did not get
 *         to record
 * @param stoppedWithAgent whether the watchdog stopped the training when its agent died
 * @param group the process group of the last launch, if one was recorded
 */
record AdoptedTraining(Optional<TrainingProcess> process, PauseController.State state,
                       ControlRequest checkpointPause, RunSupervisor.Phase phase, OptionalInt exitCode,
                       boolean unrecordedPause, boolean stoppedWithAgent, OptionalLong group) {
    /** Detail of {@code started}/{@code resumed}: the wrapper's pid, which is the process group's id. */
    static final String PROCESS_GROUP = "process_group";
    /** Detail of {@code started}/{@code resumed}: when the wrapper started (ISO-8601). */
    static final String PROCESS_GROUP_STARTED = "process_group_started_at";

    static AdoptedTraining find(final List<LifecycleEvent> events, final ProgressSnapshot progress,
                                final TrainingFiles files) {
        int launch = -1;
        for (int i = events.size() - 1; i >= 0 && launch < 0; i--) {
            LifecycleEvent event = events.get(i);
            if ((LifecycleEvent.STARTED.equals(event.event()) || LifecycleEvent.RESUMED.equals(event.event()))
                    && event.number(PROCESS_GROUP) != null) {
                launch = i;
            }
        }
        LifecycleEvent paused = null;
        LifecycleEvent checkpointRequested = null;
        for (int i = Math.max(0, launch + 1); i < events.size(); i++) {
            LifecycleEvent event = events.get(i);
            if (LifecycleEvent.PAUSED.equals(event.event())) {
                paused = event;
                checkpointRequested = null;
            }
            else if (LifecycleEvent.RESUMED.equals(event.event())) {
                paused = null;
            }
            else if (LifecycleEvent.CHECKPOINT_REQUESTED.equals(event.event())) {
                checkpointRequested = event;
            }
        }
        Optional<TrainingProcess> process = Optional.empty();
        OptionalLong group = OptionalLong.empty();
        if (launch >= 0) {
            LifecycleEvent started = events.get(launch);
            group = OptionalLong.of(started.number(PROCESS_GROUP).longValue());
            process = TrainingProcess.adopt(group.getAsLong(), instant(started.detail(PROCESS_GROUP_STARTED)), files);
        }
        else {
            // The previous agent may have died between starting the training and recording it.
            process = TrainingProcess.adoptUnrecorded(files);
            group = process.map(found -> OptionalLong.of(found.group())).orElse(OptionalLong.empty());
        }
        boolean pausedStatus = progress.status() == RunStatus.PAUSED;
        if (process.isPresent()) {
            if (pausedStatus && paused != null && PauseMode.SUSPEND.jsonName().equals(paused.detail("mode"))) {
                return new AdoptedTraining(process, PauseController.State.SUSPENDED, null, RunSupervisor.Phase.RUNNING,
                        OptionalInt.empty(), false, false, group);
            }
            if (checkpointRequested != null) {
                return new AdoptedTraining(process, PauseController.State.CHECKPOINTING,
                        request(checkpointRequested, PauseController.PAUSE_REQUEST_ID), RunSupervisor.Phase.RUNNING,
                        OptionalInt.empty(), false, false, group);
            }
            return new AdoptedTraining(process, PauseController.State.RUNNING, null, RunSupervisor.Phase.RUNNING,
                    OptionalInt.empty(), false, false, group);
        }
        if (pausedStatus && paused != null && PauseMode.CHECKPOINT.jsonName().equals(paused.detail("mode"))) {
            return new AdoptedTraining(process, PauseController.State.CHECKPOINTED,
                    request(paused, LifecycleEvent.REQUEST_ID), RunSupervisor.Phase.CHECKPOINTED,
                    OptionalInt.empty(), false, false, group);
        }
        OptionalInt exitCode = files.exitCode();
        boolean stoppedWithAgent = files.stoppedByWatchdog();
        if (checkpointRequested != null && !stoppedWithAgent && exitCode.isPresent()
                && (exitCode.getAsInt() == 0 || exitCode.getAsInt() == PauseSettings.CHECKPOINTED_EXIT_CODE)) {
            return new AdoptedTraining(process, PauseController.State.CHECKPOINTED,
                    request(checkpointRequested, PauseController.PAUSE_REQUEST_ID), RunSupervisor.Phase.CHECKPOINTED,
                    exitCode, true, false, group);
        }
        return new AdoptedTraining(process, PauseController.State.ENDING, null, RunSupervisor.Phase.ENDED, exitCode,
                false, stoppedWithAgent, group);
    }

    /** What was found, in words. */
    String describe() {
        return switch (phase) {
            case RUNNING -> "the training still runs (pid " + process.orElseThrow().pid() + ")"
                    + (state == PauseController.State.SUSPENDED ? ", suspended" : "");
            case CHECKPOINTED -> "the trainer checkpointed and exited for a pause; resume relaunches it";
            case ENDED -> stoppedWithAgent ? "the training was stopped when its agent died"
                    : exitCode.isPresent() ? "the training ended meanwhile, exit code " + exitCode.getAsInt()
                    : "the training is gone and left no exit code";
        };
    }

    private static ControlRequest request(final LifecycleEvent event, final String idField) {
        String id = event.detail(idField);
        try {
            return new ControlRequest(id, ControlAction.PAUSE, null, event.detail("requested_by"), event.time());
        }
        catch (IllegalArgumentException e) {
            return new ControlRequest("unrecorded", ControlAction.PAUSE, null, event.detail("requested_by"),
                    event.time());
        }
    }

    private static Instant instant(final String text) {
        try {
            return text == null ? null : Instant.parse(text);
        }
        catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
