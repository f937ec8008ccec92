package io.jenkins.plugins.gputraining.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArgumentsTest {
    @Test
    void relativePathsAreNormalised() {
        assertThat(Arguments.relativePath("./runs//a/", "runDir")).isEqualTo("runs/a");
        assertThat(Arguments.relativePath("runs\\b", "runDir")).isEqualTo("runs/b");
        assertThatThrownBy(() -> Arguments.relativePath(".", "runDir")).hasMessageContaining("must name a directory");
        assertThatThrownBy(() -> Arguments.relativePath("C:\\x", "runDir")).hasMessageContaining("relative");
        assertThatThrownBy(() -> Arguments.relativePath("~/x", "runDir")).hasMessageContaining("relative");
        assertThatThrownBy(() -> Arguments.relativePath("", "runDir")).hasMessage("runDir must not be empty");
    }

    @Test
    void runIdsAreSafeDirectoryNames() {
        assertThat(Arguments.runId(null)).isEqualTo("train");
        assertThat(Arguments.runId("ResNet-50 (lr=0.1)")).isEqualTo("resnet-50-lr-0.1");
        assertThat(Arguments.runId("../..")).isEqualTo("train");
        assertThat(Arguments.runId("日本語")).isEqualTo("train");
        assertThat(Arguments.runId("a".repeat(100))).hasSize(40);
    }

    @Test
    void formatsAndModes() {
        assertThat(Arguments.format(" HF ")).isEqualTo("hf");
        assertThat(Arguments.format(null)).isNull();
        assertThat(Arguments.pauseMode("Suspend")).isEqualTo("suspend");
        assertThat(Arguments.gpus("all")).isEqualTo("all");
        assertThat(Arguments.gpus("GPU-5f0c1a2b-aaaa")).isEqualTo("GPU-5f0c1a2b-aaaa");
        assertThat(Arguments.text("multi\nline", "command", 100, true)).isEqualTo("multi\nline");
        assertThatThrownBy(() -> Arguments.text("x".repeat(11), "name", 10, false))
                .hasMessage("name is 11 characters long; at most 10 are allowed");
        assertThatThrownBy(() -> Arguments.text("a\nb", "name", 10, false)).hasMessageContaining("control character");
    }
}
