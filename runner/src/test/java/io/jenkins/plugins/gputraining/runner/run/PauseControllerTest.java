package io.jenkins.plugins.gputraining.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.runner.process.PausableProcess;
import io.jenkins.plugins.gputraining.runner.process.Signal;
import io.jenkins.plugins.gputraining.runner.run.PauseController.State;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pause/resume state machine against a fake process tree (a test double of the OS: it records the signals it
 * gets and can refuse to stop), writing a real run directory.
 */
class PauseControllerTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    private RunRecorder recorder;
    private ConsoleStatus console;
    private FakeProcess process;

    @BeforeEach
    void openRun() throws Exception {
        PrintStream out = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);
        recorder = new RunRecorder(dir, ProgressSnapshot.start("r1", "r1", Clock.systemUTC().instant()).build(),
                Clock.systemUTC(), out);
        console = new ConsoleStatus(out, false, 60_000, System.currentTimeMillis());
        process = new FakeProcess();
    }

    @AfterEach
    void closeRun() throws Exception {
        recorder.close();
    }

    private PauseController controller(final PauseSettings settings) {
        PauseController controller = new PauseController(settings, recorder, console, dir.resolve("trainer-control"));
        controller.started(process);
        return controller;
    }

    private PauseController controller() {
        return controller(PauseSettings.defaults());
    }

    private static ControlRequest request(final ControlAction action, final PauseMode mode) {
        return ControlRequest.create(action, mode, "test:alice", System.currentTimeMillis());
    }

    private List<LifecycleEvent> events() {
        return RunDirectory.at(dir).events();
    }

    private RunStatus recordedStatus() {
        return RunDirectory.at(dir).readProgress().status();
    }

    @Test
    void aSuspendPauseStopsTheTreeAndAResumeContinuesIt() throws Exception {
        PauseController controller = controller();
        ControlRequest pause = request(ControlAction.PAUSE, PauseMode.SUSPEND);

        controller.pause(pause);

        assertThat(controller.state()).isEqualTo(State.SUSPENDED);
        assertThat(process.calls).containsExactly("suspend");
        assertThat(recordedStatus()).isEqualTo(RunStatus.PAUSED);
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo(LifecycleEvent.PAUSED);
            assertThat(event.detail(LifecycleEvent.REQUEST_ID)).isEqualTo(pause.id());
            assertThat(event.detail("mode")).isEqualTo("suspend");
            assertThat(event.detail("requested_by")).isEqualTo("test:alice");
            assertThat(event.number("processes")).isEqualTo(3.0);
        });

        ControlRequest resume = request(ControlAction.RESUME, null);
        controller.resume(resume);

        assertThat(controller.state()).isEqualTo(State.RUNNING);
        assertThat(process.calls).containsExactly("suspend", "resume");
        assertThat(recordedStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(events()).extracting(LifecycleEvent::event).containsExactly("paused", "resumed");
        assertThat(events().get(1).detail(LifecycleEvent.REQUEST_ID)).isEqualTo(resume.id());
    }

    @Test
    void aPauseNamingNoModeUsesTheRunsDefault() throws Exception {
        PauseController controller = controller(new PauseSettings(PauseMode.CHECKPOINT, Signal.SIGUSR1, null));

        controller.pause(request(ControlAction.PAUSE, null));

        assertThat(controller.state()).isEqualTo(State.CHECKPOINTING);
    }

    @Test
    void refusesWhatDoesNotFitTheStateWithTheRequestsId() throws Exception {
        PauseController controller = controller();
        ControlRequest early = request(ControlAction.RESUME, null);

        controller.resume(early);
        controller.pause(request(ControlAction.PAUSE, PauseMode.SUSPEND));
        ControlRequest again = request(ControlAction.PAUSE, PauseMode.SUSPEND);
        controller.pause(again);

        assertThat(controller.state()).isEqualTo(State.SUSPENDED);
        assertThat(process.calls).containsExactly("suspend");
        List<LifecycleEvent> events = events();
        assertThat(events).extracting(LifecycleEvent::event).containsExactly("error", "paused", "error");
        assertThat(events.get(0).detail(LifecycleEvent.REQUEST_ID)).isEqualTo(early.id());
        assertThat(events.get(0).message()).isEqualTo("cannot resume: the run is running");
        assertThat(events.get(2).detail(LifecycleEvent.REQUEST_ID)).isEqualTo(again.id());
        assertThat(events.get(2).message()).isEqualTo("cannot pause: the run is paused");
        assertThat(consoleBytes.toString(StandardCharsets.UTF_8)).contains("refused: cannot pause: the run is paused");
    }

    @Test
    void aTreeThatWillNotStopIsContinuedAndThePauseRefused() throws Exception {
        process.stubborn = List.of("4242 (D)");
        PauseController controller = controller();
        ControlRequest pause = request(ControlAction.PAUSE, PauseMode.SUSPEND);

        controller.pause(pause);

        assertThat(controller.state()).isEqualTo(State.RUNNING);
        assertThat(process.calls).containsExactly("suspend", "resume");
        assertThat(recordedStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo(LifecycleEvent.ERROR);
            assertThat(event.detail(LifecycleEvent.REQUEST_ID)).isEqualTo(pause.id());
            assertThat(event.message()).contains("still running: 4242 (D)", "it goes on");
        });
    }

    @Test
    void aCheckpointPauseAsksTheTrainerAndWaitsForItToExitThenForAResume() throws Exception {
        PauseController controller = controller();
        ControlRequest pause = request(ControlAction.PAUSE, PauseMode.CHECKPOINT);

        controller.pause(pause);

        assertThat(controller.state()).isEqualTo(State.CHECKPOINTING);
        assertThat(process.calls).containsExactly("signalRoot SIGUSR1");
        assertThat(dir.resolve("trainer-control")).hasContent("checkpoint");
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo(LifecycleEvent.CHECKPOINT_REQUESTED);
            assertThat(event.detail(LifecycleEvent.REQUEST_ID)).as("answered by the paused event, not this")
                    .isNull();
            assertThat(event.detail(PauseController.PAUSE_REQUEST_ID)).isEqualTo(pause.id());
        });
        controller.resume(request(ControlAction.RESUME, null));
        assertThat(events().get(1).message()).isEqualTo("cannot resume: the run is being checkpointed for a pause");

        Optional<ControlRequest> checkpointed = controller.exited(PauseSettings.CHECKPOINTED_EXIT_CODE);

        assertThat(checkpointed).contains(pause);
        assertThat(controller.state()).isEqualTo(State.CHECKPOINTED);
        controller.checkpointed(pause, PauseSettings.CHECKPOINTED_EXIT_CODE, dir);
        assertThat(recordedStatus()).isEqualTo(RunStatus.PAUSED);
        LifecycleEvent paused = events().get(2);
        assertThat(paused.event()).isEqualTo(LifecycleEvent.PAUSED);
        assertThat(paused.detail(LifecycleEvent.REQUEST_ID)).isEqualTo(pause.id());
        assertThat(paused.detail("mode")).isEqualTo("checkpoint");
        assertThat(paused.number("exit_code")).isEqualTo(75.0);

        CompletableFuture<Optional<ControlRequest>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return controller.awaitResumeOrCancel();
            }
            catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ControlRequest resume = request(ControlAction.RESUME, null);
        controller.resume(resume);

        assertThat(waiting.get(10, TimeUnit.SECONDS)).contains(resume);
    }

    @Test
    void aTrainerThatFailsWhileCheckpointingEndsTheRun() throws Exception {
        PauseController controller = controller();
        controller.pause(request(ControlAction.PAUSE, PauseMode.CHECKPOINT));

        assertThat(controller.exited(1)).isEmpty();

        assertThat(controller.state()).isEqualTo(State.ENDING);
        controller.pause(request(ControlAction.PAUSE, PauseMode.SUSPEND));
        assertThat(events().get(1).message()).isEqualTo("cannot pause: the run is ending");
    }

    @Test
    void anExitWithoutACheckpointPauseEndsTheRun() {
        PauseController controller = controller();

        assertThat(controller.exited(0)).isEmpty();

        assertThat(controller.state()).isEqualTo(State.ENDING);
    }

    @Test
    void aCancelEndsTheWaitOfACheckpointPausedRunAndRefusesWhatFollows() throws Exception {
        PauseController controller = controller();
        ControlRequest pause = request(ControlAction.PAUSE, PauseMode.CHECKPOINT);
        controller.pause(pause);
        controller.exited(0);

        controller.cancel();

        assertThat(controller.awaitResumeOrCancel()).isEmpty();
        assertThat(controller.cancelRequested()).isTrue();
        controller.resume(request(ControlAction.RESUME, null));
        assertThat(events()).last().satisfies(event ->
                assertThat(event.message()).isEqualTo("cannot resume: the run is being cancelled"));
    }

    @Test
    void withoutACheckpointSignalOnlyTheControlFileAsks() throws Exception {
        PauseController controller = controller(new PauseSettings(PauseMode.SUSPEND, null, null));

        controller.pause(request(ControlAction.PAUSE, PauseMode.CHECKPOINT));

        assertThat(process.calls).isEmpty();
        assertThat(dir.resolve("trainer-control")).hasContent("checkpoint");
        assertThat(events()).singleElement().extracting(LifecycleEvent::message)
                .isEqualTo("asked the trainer to checkpoint and exit (control file)");
    }

    @Test
    void aRelaunchedTrainingIsRunningAgain() throws Exception {
        PauseController controller = controller();
        controller.pause(request(ControlAction.PAUSE, PauseMode.CHECKPOINT));
        controller.exited(0);
        FakeProcess relaunched = new FakeProcess();

        controller.started(relaunched);
        controller.pause(request(ControlAction.PAUSE, PauseMode.SUSPEND));

        assertThat(controller.state()).isEqualTo(State.SUSPENDED);
        assertThat(relaunched.calls).containsExactly("suspend");
        assertThat(Files.readString(dir.resolve("progress.json"))).contains("\"status\" : \"paused\"");
    }

    /** A process tree of three that records what it is asked; {@link #stubborn} processes never stop. */
    private static final class FakeProcess implements PausableProcess {
        final List<String> calls = new ArrayList<>();
        List<String> stubborn = List.of();

        @Override
        public List<String> suspend(final Duration timeout) {
            calls.add("suspend");
            return stubborn;
        }

        @Override
        public List<String> resume(final Duration timeout) {
            calls.add("resume");
            return List.of();
        }

        @Override
        public void signalRoot(final Signal signal) {
            calls.add("signalRoot " + signal.name());
        }

        @Override
        public boolean isAlive() {
            return true;
        }

        @Override
        public int processCount() {
            return 3;
        }
    }
}
