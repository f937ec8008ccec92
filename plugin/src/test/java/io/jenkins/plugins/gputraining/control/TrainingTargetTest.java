package io.jenkins.plugins.gputraining.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which training build pauseTraining and resumeTraining act on. */
class TrainingTargetTest {
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
