package io.jenkins.plugins.gputraining.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gputraining.model.progress.ControlRequestFile;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlTest {
    @Test
    void findsTheAgentsAnswerByRequestId() {
        List<LifecycleEvent> events = List.of(
                LifecycleEvent.of(1.0, LifecycleEvent.STARTED, "started"),
                LifecycleEvent.of(2.0, LifecycleEvent.PAUSED, "paused (suspend)").with("request_id", "r1"),
                LifecycleEvent.of(3.0, LifecycleEvent.ERROR, "not paused").with("request_id", "r2"));

        assertThat(ControlOutcome.find(events, "r1")).contains(new ControlOutcome("r1", true, "paused",
                "paused (suspend)"));
        assertThat(ControlOutcome.find(events, "r2")).contains(new ControlOutcome("r2", false, "error", "not paused"));
        assertThat(ControlOutcome.find(events, "r3")).isEmpty();
    }

    @Test
    void requestIdsFitTheFormatsRule() {
        String id = ControlRequests.newId(1_764_280_000_000L);
        assertThat(id).startsWith("1764280000000-").matches("[A-Za-z0-9._-]{1,128}");
        assertThat(ControlRequestFile.fileName(id)).endsWith(".request.json");
        assertThat(ControlRequests.newId(1L)).isNotEqualTo(ControlRequests.newId(1L));
    }

    @Test
    void requestedByNamesTheJenkinsUserSafely() {
        assertThat(ControlRequests.requestedBy("alice")).isEqualTo("jenkins:alice");
        assertThat(ControlRequests.requestedBy(null)).isEqualTo("jenkins:anonymous");
        assertThat(ControlRequests.requestedBy("a b\"<x>")).isEqualTo("jenkins:a_b__x_");
    }

    @Test
    void modesApplyToPausesOnly() {
        assertThat(ControlRequests.mode(ControlAction.PAUSE, "Checkpoint")).isEqualTo("checkpoint");
        assertThat(ControlRequests.mode(ControlAction.PAUSE, null)).isNull();
        assertThatThrownBy(() -> ControlRequests.mode(ControlAction.RESUME, "suspend"))
                .hasMessage("mode applies to a pause only");
        assertThatThrownBy(() -> ControlRequests.mode(ControlAction.PAUSE, "hibernate"))
                .hasMessageContaining("suspend or checkpoint");
        assertThat(ControlAction.parse("cancel").acceptedEvent()).isEqualTo("exited");
        assertThatThrownBy(() -> ControlAction.parse("kill")).hasMessageContaining("pause, resume and cancel");
    }

    @Test
    void targetsThisBuildOrAnotherJobsBuild() {
        assertThat(new TrainingTarget(null, null, null).isCurrentBuild()).isTrue();
        assertThat(new TrainingTarget(null, null, null).describe()).isEqualTo("this build");
        assertThat(new TrainingTarget("ml/train", 42, null).describe()).isEqualTo("ml/train #42");
        assertThat(new TrainingTarget(" ", 7, " ").describe()).isEqualTo("build #7");
        assertThatThrownBy(() -> new TrainingTarget("ml/train", null, null))
                .hasMessageContaining("job: 'ml/train' needs build");
        assertThatThrownBy(() -> new TrainingTarget(null, 0, null)).hasMessageContaining("1 or more");
    }
}
