package io.jenkins.plugins.gputraining.runner.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegexParserTest {
    private static final double SEEN = 1_767_225_600.0;

    private static Observation parse(final String regex, final String line) {
        return RegexParser.compile(regex).parse(line, SEEN)
                .orElseThrow(() -> new AssertionError("no observation in: " + line));
    }

    @Test
    void namedGroupsFillTheFields() {
        Observation o = parse("step (?<step>\\d+) loss (?<loss>\\S+) lr (?<lr>\\S+) "
                + "(?<samples_per_second>[\\d.]+) samples/s", "[train] step 10 loss 2.5 lr 3e-4 1234.5 samples/s");

        assertThat(o.step()).isEqualTo(10L);
        assertThat(o.loss()).isEqualTo(2.5);
        assertThat(o.learningRate()).isEqualTo(3e-4);
        assertThat(o.samplesPerSecond()).isEqualTo(1234.5);
        assertThat(o.time()).isEqualTo(SEEN);
    }

    @Test
    void otherGroupNamesBecomeMetricsUnderscoresIncluded() {
        Observation o = parse("eval_loss=(?<eval_loss>\\S+) tok/s=(?<tokens_per_second>\\S+)",
                "eval_loss=1.75 tok/s=98000");

        assertThat(o.metrics()).containsEntry("eval_loss", 1.75).containsEntry("tokens_per_second", 98000.0);
    }

    @Test
    void aGroupThatDidNotTakePartOrCapturedNoNumberIsLeftOut() {
        String regex = "step (?<step>\\d+)(?: lr=(?<lr>\\S+))? loss=(?<loss>\\S+)";

        Observation withoutLr = parse(regex, "step 7 loss=0.9");
        Observation withText = parse(regex, "step 8 lr=warmup loss=0.8");

        assertThat(withoutLr.learningRate()).isNull();
        assertThat(withoutLr.loss()).isEqualTo(0.9);
        assertThat(withText.learningRate()).isNull();
        assertThat(withText.step()).isEqualTo(8L);
    }

    @Test
    void readsNanAndInfinity() {
        assertThat(parse("loss (?<loss>\\S+)", "loss nan").loss()).isNaN();
        assertThat(parse("loss (?<loss>\\S+)", "loss -inf").loss()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void readsLightningsProgressBarFromTheRealFixture() {
        String bar = "Epoch 0/-2 ━━━━━━━━━━━━━━━━ 60/60 0:00:00 • 0:00:00 334.44it/s v_num: 0.000";

        Observation o = parse("(?<step>\\d+)/\\d+ .* (?<steps_per_second>[\\d.]+)it/s", bar);

        assertThat(o.step()).isEqualTo(60L);
        assertThat(o.metric("steps_per_second")).isEqualTo(334.44);
    }

    @Test
    void backReferencesToRenamedGroupsStillWork() {
        Observation o = parse("(?<run_id>\\d+):(?<loss>\\S+) again \\k<run_id>", "7:0.5 again 7");

        assertThat(o.metric("run_id")).isEqualTo(7.0);
        assertThat(RegexParser.compile("(?<run_id>\\d+) again \\k<run_id>").parse("7 again 8", SEEN)).isEmpty();
    }

    @Test
    void lookBehindsAndGroupsInCharacterClassesAreNotTakenForNamedGroups() {
        Observation o = parse("(?<=loss )(?<loss>[\\d.]+)[(?<x>]*", "loss 0.25");

        assertThat(o.loss()).isEqualTo(0.25);
        assertThat(o.metrics()).isEmpty();
    }

    @Test
    void aLineThatDoesNotMatchIsNoObservation() {
        assertThat(RegexParser.compile("loss (?<loss>\\d+\\.\\d+)").parse("nothing here", SEEN)).isEmpty();
        assertThat(RegexParser.compile("loss (?<loss>\\S+)").parse("loss pending", SEEN))
                .as("matched, but no group captured a number").isEmpty();
    }

    @Test
    void rejectsARegexWithoutNamedGroups() {
        assertThatThrownBy(() -> RegexParser.compile("loss (\\S+)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no named group");
    }

    @Test
    void rejectsAGroupNameUsedTwice() {
        assertThatThrownBy(() -> RegexParser.compile("(?<loss>\\d+) (?<loss>\\d+)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'loss' appears twice");
    }

    @Test
    void rejectsAReferenceToAMissingGroup() {
        assertThatThrownBy(() -> RegexParser.compile("(?<loss>\\d+) \\k<eval_loss>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\\k<eval_loss>");
    }
}
