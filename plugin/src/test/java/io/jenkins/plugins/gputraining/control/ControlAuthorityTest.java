package io.jenkins.plugins.gputraining.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.model.control.ControlAction;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Whose permissions pauseTraining and resumeTraining check. The review's finding: a build runs as SYSTEM unless an
 * authorize-project strategy says otherwise, and SYSTEM may cancel anything, so any pipeline could pause any build.
 * The glue (ControlTrainingStep) checks Item.CANCEL as {@link ControlAuthority} says, against real Jenkins in
 * GpuTrainingITJenkins.pauseTrainingOfAnotherJobChecksTheResponsibleUser.
 */
class ControlAuthorityTest {
    @Test
    void aBuildRunningAsAUserIsCheckedAsThatUser() {
        ControlAuthority authority = ControlAuthority.of("reader", "alice");

        assertThat(authority.kind()).isEqualTo(ControlAuthority.Kind.BUILD);
        assertThat(authority.name()).isEqualTo("reader");
        assertThat(authority.isKnown()).isTrue();
        assertThat(authority.describe()).isEqualTo("reader (the build's authentication)");
    }

    @Test
    void aBuildRunningAsSystemIsCheckedAsTheUserWhoStartedIt() {
        assertThat(ControlAuthority.of(null, "alice")).isEqualTo(new ControlAuthority(ControlAuthority.Kind.STARTER,
                "alice"));
        assertThat(ControlAuthority.of("SYSTEM", "alice").kind()).as("SYSTEM by name")
                .isEqualTo(ControlAuthority.Kind.STARTER);
        assertThat(ControlAuthority.of(null, "alice").missingCancel("pause", "team/train"))
                .isEqualTo("alice (who started this build) is missing the Job/Cancel permission on team/train, "
                        + "which pauseTraining needs");
    }

    @Test
    void aBuildRunningAsSystemThatNoUserStartedIsNobodysAndSaysWhatToConfigure() {
        ControlAuthority authority = ControlAuthority.of(null, null);

        assertThat(authority.kind()).isEqualTo(ControlAuthority.Kind.NOBODY);
        assertThat(authority.isKnown()).isFalse();
        assertThat(authority.name()).isEqualTo("SYSTEM");
        assertThat(ControlAuthority.of("SYSTEM", " ").isKnown()).isFalse();
        assertThat(authority.refusal("pause", "team/train")).startsWith("cannot pause a build of team/train: this "
                + "build runs as SYSTEM and no user started it").contains("only pause builds of its own job",
                "authorize-project strategy", "Job/Cancel on team/train");
    }

    @Test
    void theBuildPageSaysWhoPausedAndFromWhere() {
        assertThat(ControlNote.of(ControlAction.PAUSE, "alice", "pauseTraining in team/other #12",
                Instant.parse("2026-01-01T00:00:00.750Z")))
                .isEqualTo("paused by alice (pauseTraining in team/other #12) at 2026-01-01T00:00:00Z");
        assertThat(ControlNote.of(ControlAction.RESUME, null, "the dashboard", Instant.parse("2026-01-01T00:00:01Z")))
                .isEqualTo("resumed by unknown (the dashboard) at 2026-01-01T00:00:01Z");
        assertThat(ControlNote.of(ControlAction.CANCEL, "eve\nforged line", "x", Instant.EPOCH))
                .as("control characters cannot forge a line").doesNotContain("\n");
    }
}
