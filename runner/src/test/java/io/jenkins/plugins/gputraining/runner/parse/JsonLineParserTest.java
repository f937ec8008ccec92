package io.jenkins.plugins.gputraining.runner.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class JsonLineParserTest {
    private static final double SEEN = 1_767_225_600.0;

    private final JsonLineParser parser = new JsonLineParser();

    private Observation parse(final String line) {
        return parser.parse(line, SEEN).orElseThrow(() -> new AssertionError("no observation in: " + line));
    }

    @Test
    void readsTheAgentsOwnContract() {
        Observation o = parse("{\"step\": 10, \"loss\": 0.5, \"samples\": 640}");

        assertThat(o.step()).isEqualTo(10L);
        assertThat(o.loss()).isEqualTo(0.5);
        assertThat(o.samples()).isEqualTo(640L);
        assertThat(o.time()).isEqualTo(SEEN);
    }

    @Test
    void mapsKnownNamesAndKeepsOtherNumbers() {
        Observation o = parse("{\"step\": 20, \"loss\": 0.4, \"lr\": 0.001, \"samples_per_second\": 512.5, "
                + "\"epoch\": 0.25, \"tokens\": 2048, \"phase\": \"train\", \"ok\": true, \"sizes\": [1, 2]}");

        assertThat(o.learningRate()).isEqualTo(0.001);
        assertThat(o.samplesPerSecond()).isEqualTo(512.5);
        assertThat(o.epoch()).isEqualTo(0.25);
        assertThat(o.metrics()).containsExactly(entry("tokens", 2048.0));
    }

    @Test
    void readsPythonsNonFiniteNumbersAndNumbersAsStrings() {
        Observation o = parse("{\"step\": \"30\", \"loss\": NaN, \"grad_norm\": Infinity, \"x\": -Infinity, "
                + "\"learning_rate\": \"1e-4\"}");

        assertThat(o.step()).isEqualTo(30L);
        assertThat(o.loss()).isNaN();
        assertThat(o.metric("grad_norm")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(o.metric("x")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(o.learningRate()).isEqualTo(1e-4);
    }

    @Test
    void theCanonicalNameWinsOverAnAlias() {
        Observation o = parse("{\"lr\": 0.1, \"learning_rate\": 0.2, \"loss\": 1}");

        assertThat(o.learningRate()).isEqualTo(0.2);
        assertThat(o.metrics()).containsEntry("lr", 0.1);
    }

    @Test
    void usesTheChildsTimestampWhenItIsEpochSeconds() {
        assertThat(parse("{\"time\": 1767225700.5, \"step\": 1, \"loss\": 1}").time()).isEqualTo(1767225700.5);
        assertThat(parse("{\"time\": 12.5, \"step\": 1, \"loss\": 1}").time())
                .as("elapsed seconds are no timestamp").isEqualTo(SEEN);
        assertThat(parse("{\"time\": 12.5, \"step\": 1, \"loss\": 1}").metrics())
                .as("time is a field of the record, never a metric").doesNotContainKey("time");
    }

    @Test
    void toleratesSurroundingWhitespace() {
        assertThat(parse("  {\"step\": 1, \"loss\": 2}\t").step()).isEqualTo(1L);
    }

    @Test
    void ignoresJsonThatIsNoTrainingProgress() {
        assertThat(parser.parse("{\"level\": \"info\", \"msg\": \"loading\", \"pid\": 1234}", SEEN))
                .as("a structured log line on stdout").isEmpty();
        assertThat(parser.parse("{\"msg\": \"hello\"}", SEEN)).isEmpty();
    }

    @Test
    void ignoresWhatIsNoJsonObject() {
        assertThat(parser.parse("[1, 2, 3]", SEEN)).isEmpty();
        assertThat(parser.parse("{not json}", SEEN)).isEmpty();
        assertThat(parser.parse("{'loss': 1.0, 'epoch': 1}", SEEN)).as("a Python dict is for the HF parser").isEmpty();
        assertThat(parser.parse("{\"loss\": 1.0", SEEN)).isEmpty();
        assertThat(parser.parse("", SEEN)).isEmpty();
    }
}
