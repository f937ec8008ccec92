package io.jenkins.plugins.gputraining.model.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control protocol (docs/progress-format.md, "Control requests"): requests, their files and outcomes. */
class ControlProtocolTest {
    @TempDir
    Path runs;

    @Test
    void aRequestIsNeverWrittenThroughAControlFolderThatIsALinkToAnotherRun() throws Exception {
        // The attack: a job replaces its own control/ with a link to another run's; cancelling its own job must not
        // cancel the other one.
        Path mine = RunFixture.run(runs, "mine").status(RunStatus.RUNNING).write().path();
        Path theirs = RunFixture.run(runs, "theirs").status(RunStatus.RUNNING).write().path();
        Files.createDirectories(theirs.resolve(ControlChannel.FOLDER));
        Files.createSymbolicLink(mine.resolve(ControlChannel.FOLDER), theirs.resolve(ControlChannel.FOLDER));

        assertThatThrownBy(() -> ControlChannel.of(mine).send(ControlAction.CANCEL, null, "cli:mallory"))
                .isInstanceOf(ControlFolderException.class)
                .hasMessageContaining("control/ of run directory " + mine)
                .hasMessageContaining("is a link or not a folder");
        assertThat(files(theirs.resolve(ControlChannel.FOLDER))).as("nothing reached the other run").isEmpty();

        ControlChannel.of(theirs).send(ControlAction.PAUSE, null, "cli:bob");
        assertThat(ControlChannel.of(mine).take(new ArrayList<>()))
                .as("the linked run's agent does not take the other run's requests either").isEmpty();
        assertThat(files(theirs.resolve(ControlChannel.FOLDER))).hasSize(1);
        assertThat(ControlChannel.of(theirs).take(new ArrayList<>())).singleElement()
                .satisfies(request -> assertThat(request.requestedBy()).isEqualTo("cli:bob"));
    }

    @Test
    void aControlFolderThatIsAFileIsRefusedToo() throws Exception {
        Path run = RunFixture.run(runs, "odd").status(RunStatus.RUNNING).write().path();
        Files.writeString(run.resolve(ControlChannel.FOLDER), "not a folder");

        assertThatThrownBy(() -> ControlChannel.of(run).send(ControlAction.PAUSE, null, "cli:x"))
                .isInstanceOf(ControlFolderException.class);
    }

    private static List<Path> files(final Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    @Test
    void findsTheAgentsAnswerByRequestId() {
        List<LifecycleEvent> events = List.of(
                LifecycleEvent.of(1.0, LifecycleEvent.STARTED, "started"),
                LifecycleEvent.of(2.0, LifecycleEvent.PAUSED, "paused (suspend)").with(LifecycleEvent.REQUEST_ID, "r1"),
                LifecycleEvent.of(3.0, LifecycleEvent.ERROR, "not paused").with(LifecycleEvent.REQUEST_ID, "r2"));

        assertThat(ControlOutcome.find(events, "r1")).contains(new ControlOutcome("r1", true, "paused",
                "paused (suspend)"));
        assertThat(ControlOutcome.find(events, "r2")).contains(new ControlOutcome("r2", false, "error", "not paused"));
        assertThat(ControlOutcome.find(events, "r3")).isEmpty();
    }

    @Test
    void newRequestsHaveFreshIdsWithinTheFormatsRule() {
        ControlRequest request = ControlRequest.create(ControlAction.PAUSE, null, "cli:alice", 1_764_280_000_000L);

        assertThat(request.id()).startsWith("1764280000000-").matches("[A-Za-z0-9._-]{1,128}");
        assertThat(request.fileName()).isEqualTo(request.id() + ".request.json");
        assertThat(request.time()).isEqualTo(1_764_280_000.0);
        assertThat(ControlRequest.create(ControlAction.PAUSE, null, "x", 1L).id())
                .isNotEqualTo(ControlRequest.create(ControlAction.PAUSE, null, "x", 1L).id());
    }

    @Test
    void aRequestFileReadsBackAsTheSameRequest() {
        ControlRequest request = ControlRequest.create(ControlAction.PAUSE, PauseMode.CHECKPOINT, "jenkins:bob", 5000L);

        String json = new String(request.toJson(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"action\":\"pause\"", "\"mode\":\"checkpoint\"", "\"requested_by\":\"jenkins:bob\"");
        assertThat(ControlRequest.fromJson(request.toJson(), "ignored")).isEqualTo(request);
    }

    @Test
    void malformedRequestFilesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ControlRequest.fromJson("{\"action\":\"kill\"}".getBytes(StandardCharsets.UTF_8),
                "r1")).hasMessageContaining("unknown action \"kill\"; expected pause, resume or cancel");
        assertThatThrownBy(() -> ControlRequest.fromJson("[1]".getBytes(StandardCharsets.UTF_8), "r1"))
                .hasMessage("not a JSON object");
        assertThatThrownBy(() -> ControlRequest.fromJson("{".getBytes(StandardCharsets.UTF_8), "r1"))
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> ControlRequest.fromJson(
                "{\"id\":\"../x\",\"action\":\"cancel\"}".getBytes(StandardCharsets.UTF_8), "r1"))
                .hasMessageContaining("bad control request id \"../x\"");
    }

    @Test
    void requestersNameTheUserSafely() {
        assertThat(ControlRequest.requester("jenkins", "alice")).isEqualTo("jenkins:alice");
        assertThat(ControlRequest.requester("jenkins", null)).isEqualTo("jenkins:anonymous");
        assertThat(ControlRequest.requester("jenkins", "a b\"<x>")).isEqualTo("jenkins:a_b__x_");
        assertThat(ControlRequest.requester("cli", "x".repeat(300))).hasSize("cli:".length() + 100);
    }

    @Test
    void modesApplyToPausesOnly() {
        assertThat(PauseMode.parseOptional(" Checkpoint ")).isEqualTo(PauseMode.CHECKPOINT);
        assertThat(PauseMode.parseOptional(null)).isNull();
        assertThat(PauseMode.parseOptional("")).isNull();
        assertThatThrownBy(() -> new ControlRequest("r1", ControlAction.RESUME, PauseMode.SUSPEND, "x", 0))
                .hasMessage("a pause mode applies to a pause only, not to resume");
        assertThatThrownBy(() -> PauseMode.parseOptional("hibernate")).hasMessageContaining("suspend or checkpoint");
        assertThat(ControlAction.parse("cancel").acceptedEvent()).isEqualTo(LifecycleEvent.EXITED);
        assertThatThrownBy(() -> ControlAction.parse("kill")).hasMessageContaining("pause, resume or cancel");
    }
}
