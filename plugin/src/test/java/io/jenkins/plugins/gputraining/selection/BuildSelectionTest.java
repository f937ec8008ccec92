package io.jenkins.plugins.gputraining.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildSelectionTest {
    @Test
    void exactlyOneWayOfChoosing() {
        assertThatThrownBy(() -> BuildSelection.of(null, null, null))
                .hasMessageStartingWith("compareTraining needs exactly one of builds");
        assertThatThrownBy(() -> BuildSelection.of(List.of(1, 2), 3, null)).hasMessageContaining("several");
        assertThatThrownBy(() -> BuildSelection.of(List.of(), 3, "lastSuccessful")).hasMessageContaining("several");
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> BuildSelection.of(null, 1, null)).hasMessage("last must be between 2 and 100, was 1");
        assertThatThrownBy(() -> BuildSelection.of(List.of(0), null, null)).hasMessageContaining("build numbers");
        assertThatThrownBy(() -> BuildSelection.of(Arrays.asList(3, null), null, null))
                .hasMessageContaining("build numbers");
        assertThatThrownBy(() -> BuildSelection.of(null, null, "lastGreen"))
                .hasMessage("against must be lastSuccessful, lastStable or previous, was \"lastGreen\"");
        assertThat(BuildSelection.of(List.of(3, 3, 4), null, null).builds()).containsExactly(3, 4);
        assertThat(BuildSelection.of(null, null, "LASTSUCCESSFUL").against())
                .isEqualTo(BuildSelection.Against.LAST_SUCCESSFUL);
    }

    @Test
    void parsesTheComparePagesBuildsParameter() {
        assertThat(BuildSelection.parseNumbers("12,15,17")).containsExactly(12, 15, 17);
        assertThat(BuildSelection.parseNumbers(" #12 15,,12 ")).containsExactly(12, 15);
        assertThat(BuildSelection.parseNumbers(null)).isEmpty();
        assertThatThrownBy(() -> BuildSelection.parseNumbers("12,<b>")).hasMessage("not a build number: \"<b>\"");
        assertThatThrownBy(() -> BuildSelection.parseNumbers("0")).hasMessage("not a build number: \"0\"");
    }
}
