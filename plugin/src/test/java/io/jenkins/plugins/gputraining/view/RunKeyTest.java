package io.jenkins.plugins.gputraining.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunKeyTest {
    @Test
    void aBuildsFirstRunIsItsNumber() {
        assertThat(new RunKey(12, 0)).hasToString("12");
        assertThat(new RunKey(12, 1)).hasToString("12.2");
        assertThat(RunKey.parse("12")).isEqualTo(new RunKey(12, 0));
        assertThat(RunKey.parse("12.3")).isEqualTo(new RunKey(12, 2));
        assertThat(RunKey.parse(" 7 ")).isEqualTo(new RunKey(7, 0));
    }

    @Test
    void malformedKeysAreRefusedWithTheRule() {
        for (String bad : new String[] {"", "0", "-1", "12.1", "12.0", "abc", "12/..", "99999999999", "<script>"}) {
            assertThatThrownBy(() -> RunKey.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a training run id").hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> RunKey.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
