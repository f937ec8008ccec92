package io.jenkins.plugins.gputraining.model.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PauseTimelineTest {
    @Test
    void pairsPausesWithResumesAndClosesAnOpenPauseAtTheEnd() {
        PauseTimeline pauses = PauseTimeline.of(List.of(
                LifecycleEvent.of(0, "started", null),
                LifecycleEvent.of(10, "paused", null),
                LifecycleEvent.of(12, "paused", "repeated, ignored"),
                LifecycleEvent.of(15, "resumed", null),
                LifecycleEvent.of(30, "paused", null)), 40);

        assertThat(pauses.count()).isEqualTo(2);
        assertThat(pauses.pausedSeconds(0, 40)).isEqualTo(15);
        assertThat(pauses.activeSeconds(0, 40)).isEqualTo(25);
        assertThat(pauses.activeSeconds(12, 35)).isEqualTo(15);
        assertThat(pauses.isPaused(9.99)).isFalse();
        assertThat(pauses.isPaused(10)).isTrue();
        assertThat(pauses.isPaused(15)).isFalse();
        assertThat(pauses.isPaused(39)).isTrue();
    }

    @Test
    void aResumeWithoutAPauseChangesNothing() {
        PauseTimeline pauses = PauseTimeline.of(List.of(LifecycleEvent.of(5, "resumed", null)), 10);

        assertThat(pauses.isEmpty()).isTrue();
        assertThat(pauses.activeSeconds(0, 10)).isEqualTo(10);
    }
}
