package io.jenkins.plugins.gputraining.runner.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputFormatTest {
    private static final double SEEN = 1_767_225_600.0;
    private static final String HF_LINE = "{'loss': 2.3026, 'learning_rate': 4.5e-05, 'epoch': 0.1}";
    private static final String JSON_LINE = "{\"step\": 10, \"loss\": 0.5, \"samples\": 640}";

    @Nested
    class Values {
        @Test
        void autoIsTheDefault() {
            assertThat(OutputFormat.auto().kind()).isEqualTo(OutputFormat.Kind.AUTO);
            assertThat(OutputFormat.auto()).hasToString("auto");
        }

        @Test
        void keywordsAreCaseInsensitive() {
            assertThat(OutputFormat.parse("auto").kind()).isEqualTo(OutputFormat.Kind.AUTO);
            assertThat(OutputFormat.parse("HF").kind()).isEqualTo(OutputFormat.Kind.HF);
            assertThat(OutputFormat.parse("huggingface")).hasToString("hf");
            assertThat(OutputFormat.parse("jsonl").kind()).isEqualTo(OutputFormat.Kind.JSONL);
            assertThat(OutputFormat.parse(" Lightning ").kind()).isEqualTo(OutputFormat.Kind.LIGHTNING);
        }

        @Test
        void everythingAfterRegexColonIsTheRegexColonsIncluded() {
            OutputFormat format = OutputFormat.parse("regex:time: (?<step>\\d+): loss=(?<loss>\\S+)");

            assertThat(format.kind()).isEqualTo(OutputFormat.Kind.REGEX);
            assertThat(format).hasToString("regex:time: (?<step>\\d+): loss=(?<loss>\\S+)");
            assertThat(format.parser().parse("time: 12: loss=0.5", SEEN)).hasValueSatisfying(o -> {
                assertThat(o.step()).isEqualTo(12L);
                assertThat(o.loss()).isEqualTo(0.5);
            });
        }

        @Test
        void onlyLightningExpectsAMetricsFile() {
            assertThat(OutputFormat.parse("lightning").expectsMetricsFile()).isTrue();
            assertThat(OutputFormat.parse("auto").expectsMetricsFile()).isFalse();
            assertThat(OutputFormat.parse("hf").expectsMetricsFile()).isFalse();
        }
    }

    @Nested
    class BadValues {
        @ParameterizedTest
        @ValueSource(strings = {"xml", "json", "tensorboard", "regex", "auto,hf"})
        void anUnknownValueNamesTheAcceptedOnes(final String value) {
            assertThatThrownBy(() -> OutputFormat.parse(value))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown --format '" + value + "'")
                    .hasMessageContaining("auto, hf, jsonl, lightning or regex:");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void anEmptyValue(final String value) {
            assertThatThrownBy(() -> OutputFormat.parse(value))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--format needs a value");
        }

        @Test
        void aRegexPrefixWithoutRegex() {
            assertThatThrownBy(() -> OutputFormat.parse("regex:"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs a regex after the colon");
        }

        @Test
        void aRegexJavaCannotCompile() {
            assertThatThrownBy(() -> OutputFormat.parse("regex:(?<step>\\d+"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--format regex:: not a valid Java regex")
                    .hasMessageContaining("(?<step>\\d+");
        }

        @Test
        void aRegexWithoutNamedGroups() {
            assertThatThrownBy(() -> OutputFormat.parse("regex:loss (\\S+)"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no named group");
        }
    }

    @Nested
    class WhatEachFormatReads {
        @Test
        void autoReadsJsonLinesAndHuggingFaceDicts() {
            ProgressParser parser = OutputFormat.auto().parser();

            assertThat(parser.parse(JSON_LINE, SEEN)).hasValueSatisfying(o -> assertThat(o.step()).isEqualTo(10L));
            assertThat(parser.parse(HF_LINE, SEEN)).hasValueSatisfying(o -> assertThat(o.loss()).isEqualTo(2.3026));
            assertThat(parser.parse("Epoch 1: 100%|██████| 60/60 [00:01<00:00, 45.1it/s, loss=2.3]", SEEN)).isEmpty();
        }

        @Test
        void autosReaderReadsTheConsoleTextToo() {
            java.util.List<Observation> records = new java.util.ArrayList<>();
            ProgressReader reader = OutputFormat.auto().reader(ProgressHints.NONE);

            reader.line("Epoch 1: 100%|██████| 60/60 [00:01<00:00, 45.1it/s, loss=2.3]", SEEN, records::add);
            reader.line(JSON_LINE, SEEN, records::add);
            reader.finish(SEEN, records::add);

            assertThat(records).extracting(Observation::step).containsExactly(60L, 10L);
            assertThat(records.get(0).loss()).isEqualTo(2.3);
        }

        @Test
        void theOtherFormatsReadersReadLinesAsTheirParsersDo() {
            java.util.List<Observation> records = new java.util.ArrayList<>();
            ProgressReader reader = OutputFormat.parse("jsonl").reader(ProgressHints.NONE);

            reader.frame(JSON_LINE, SEEN, records::add);
            reader.line("Epoch 1: 100%|██████| 60/60 [00:01<00:00, 45.1it/s, loss=2.3]", SEEN, records::add);
            reader.line(JSON_LINE, SEEN, records::add);

            assertThat(records).singleElement().satisfies(o -> assertThat(o.step()).isEqualTo(10L));
        }

        @Test
        void autoReadsAJsonLineAfterAPrefixAsADict() {
            assertThat(OutputFormat.auto().parser().parse("metrics: " + JSON_LINE, SEEN))
                    .hasValueSatisfying(o -> assertThat(o.samples()).isEqualTo(640L));
        }

        @Test
        void hfReadsDicts() {
            ProgressParser parser = OutputFormat.parse("hf").parser();

            assertThat(parser.parse(HF_LINE, SEEN)).isPresent();
            assertThat(parser.parse(JSON_LINE, SEEN)).as("a JSON object is a dict too").isPresent();
        }

        @Test
        void jsonlAndLightningReadJsonLinesOnly() {
            for (String value : new String[] {"jsonl", "lightning"}) {
                ProgressParser parser = OutputFormat.parse(value).parser();

                assertThat(parser.parse(JSON_LINE, SEEN)).as(value).isPresent();
                assertThat(parser.parse(HF_LINE, SEEN)).as(value).isEmpty();
            }
        }

        @Test
        void regexReadsWhatItsGroupsName() {
            ProgressParser parser = OutputFormat.parse("regex:loss=(?<loss>\\S+)").parser();

            assertThat(parser.parse("loss=0.125", SEEN)).hasValueSatisfying(o -> assertThat(o.loss()).isEqualTo(0.125));
            assertThat(parser.parse(HF_LINE, SEEN)).isEmpty();
        }
    }
}
