package io.jenkins.plugins.gputraining.runner.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConsoleLineSplitterTest {
    private final List<ConsoleLine> lines = new ArrayList<>();
    private final ConsoleLineSplitter splitter = new ConsoleLineSplitter(lines::add);

    private List<String> raw() {
        return lines.stream().map(ConsoleLine::raw).toList();
    }

    @Nested
    class ProgressBarFrames {
        @Test
        void collapseToTheLastFrame() {
            splitter.accept("\r 10%|█   | 1/10\r 50%|█████ | 5/10\r100%|██████████| 10/10\n");

            assertThat(raw()).containsExactly("100%|██████████| 10/10");
            assertThat(lines.get(0).collapsedFrames()).isEqualTo(2);
        }

        @Test
        void theOverwrittenFramesGoToTheFrameSinkBeforeTheirLine() {
            List<String> order = new java.util.ArrayList<>();
            ConsoleLineSplitter withFrames = new ConsoleLineSplitter(line -> order.add("line " + line.raw()),
                    frame -> order.add("frame " + frame.raw()));

            withFrames.accept("\r 10%|█   | 1/10\r 50%|█████ | 5/10\r100%|██████████| 10/10\nnext\n");

            assertThat(order).containsExactly("frame  10%|█   | 1/10", "frame  50%|█████ | 5/10",
                    "line 100%|██████████| 10/10", "line next");
        }

        @Test
        void crLfEndsALineWithoutCollapsingAnything() {
            splitter.accept("first\r\nsecond\r\n");

            assertThat(raw()).containsExactly("first", "second");
            assertThat(lines).allSatisfy(line -> assertThat(line.collapsedFrames()).isZero());
        }

        @Test
        void aFrameWithoutNewlineAtTheEndIsDeliveredByFinish() {
            splitter.accept("done\n\r 90%|█████████ | 9/10\r100%|██████████| 10/10");
            assertThat(raw()).containsExactly("done");

            splitter.finish();

            assertThat(raw()).containsExactly("done", "100%|██████████| 10/10");
        }

        @Test
        void aTrailingCarriageReturnKeepsTheFrameItEnds() {
            splitter.accept("a\rb\r");
            splitter.finish();

            assertThat(raw()).containsExactly("b");
        }

        @Test
        void finishDeliversNothingAfterACompleteLineOrALoneCarriageReturn() {
            splitter.accept("only\n\r");
            splitter.finish();
            splitter.finish();

            assertThat(raw()).containsExactly("only");
        }

        @Test
        void theFrameBeingDrawnIsVisibleForALiveDisplay() {
            splitter.accept("\r 10%|█   | 1/10\r 20%|██  | 2/10");

            assertThat(splitter.currentFrame()).isEqualTo(" 20%|██  | 2/10");
            assertThat(lines).isEmpty();
        }
    }

    @Nested
    class HuggingFaceTqdmStream {
        /**
         * What a HF Trainer run writes to a pipe, built the way tqdm writes it: a bar frame per refresh ('\r' + bar),
         * and for each log dict tqdm.write() clears the bar ('\r' + spaces + '\r'), writes the dict and a newline, and
         * redraws the bar. 50 steps, a log dict every 10 steps, one eval dict, the final summary.
         */
        private byte[] stream() {
            StringBuilder out = new StringBuilder();
            for (int step = 1; step <= 50; step++) {
                for (int refresh = 0; refresh < 3; refresh++) {
                    out.append('\r').append(bar(step));
                }
                if (step % 10 == 0) {
                    write(out, step, String.format(Locale.ROOT, "{'loss': '%.4g', 'grad_norm': '1.5', "
                            + "'learning_rate': '%.4g', 'epoch': '%.4g'}",
                            2.5 - step / 100.0, 5e-05 * (1 - step / 50.0), step / 50.0));
                }
                if (step == 25) {
                    write(out, step, "{'eval_loss': '2.2', 'eval_runtime': '0.5', 'epoch': '0.5'}");
                }
            }
            write(out, 50, "{'train_runtime': '12.35', 'train_samples_per_second': '129.6', "
                    + "'train_steps_per_second': '4.05', 'train_loss': '2.3', 'epoch': '1'}");
            out.append('\n'); // the bar closes, leaving its last frame
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }

        private String bar(final int step) {
            int filled = step / 5;
            return String.format(Locale.ROOT, "%3d%%|%s%s| %d/50 [00:%02d<00:10,  4.87it/s]", step * 2, "█".repeat(filled),
                    " ".repeat(10 - filled), step, step / 5);
        }

        private void write(final StringBuilder out, final int step, final String text) {
            out.append('\r').append(" ".repeat(bar(step).length())).append('\r').append(text).append('\n')
                    .append('\r').append(bar(step));
        }

        @Test
        void becomesOneLinePerDictAndOneForTheFinalBar() throws IOException {
            byte[] stream = stream();
            long carriageReturns = countCarriageReturns(stream);

            ConsoleLineSplitter.split(new ByteArrayInputStream(stream), lines::add);

            assertThat(carriageReturns).isGreaterThan(150);
            assertThat(lines).hasSize(8);
            assertThat(lines.size()).isLessThan((int) carriageReturns / 10);
            assertThat(raw().get(7)).startsWith("100%|██████████| 50/50");
        }

        @Test
        void feedsTheParserTheDictsOnly() throws IOException {
            ConsoleLineSplitter.split(new ByteArrayInputStream(stream()), lines::add);
            ProgressParser parser = OutputFormat.auto().parser();

            List<Observation> observations = lines.stream()
                    .map(line -> parser.parse(line.text(), 0))
                    .flatMap(Optional::stream)
                    .toList();

            assertThat(observations).hasSize(7);
            assertThat(observations).extracting(Observation::loss)
                    .containsExactly(2.4, 2.3, null, 2.2, 2.1, 2.0, null);
            assertThat(observations.get(6).metric("train_samples_per_second")).isEqualTo(129.6);
        }

        @Test
        void isSplitTheSameWhenItArrivesByteByByte() throws IOException {
            byte[] stream = stream();
            ConsoleLineSplitter.split(new ByteArrayInputStream(stream), lines::add);
            List<ConsoleLine> whole = List.copyOf(lines);
            lines.clear();

            ConsoleLineSplitter.split(new OneByteAtATime(stream), lines::add);

            assertThat(lines).isEqualTo(whole);
        }
    }

    @Nested
    class LightningFixture {
        @Test
        void replaysTheRealConsoleOutputLineForLine() throws IOException {
            byte[] stdout = Fixtures.bytes("lightning/pl_stdout.log");

            ConsoleLineSplitter.split(new ByteArrayInputStream(stdout), lines::add);

            // captured through a pipe: rich drew only its final frame, so there is nothing to collapse here
            assertThat(countCarriageReturns(stdout)).isZero();
            assertThat(lines).hasSize(14);
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.collapsedFrames()).isZero();
                assertThat(line.truncated()).isFalse();
            });
            assertThat(raw().get(1)).contains("Name", "Type", "Params");
            assertThat(raw().get(12)).contains("60/60", "334.44it/s");
            assertThat(raw().get(13).strip()).isEqualTo("train_loss: 2.347");
        }

        @Test
        void holdsNoJsonLineOrDictForTheStatelessParser() throws IOException {
            // its progress is console text, which the auto reader reads (CapturedLogsTest)
            ConsoleLineSplitter.split(new ByteArrayInputStream(Fixtures.bytes("lightning/pl_stdout.log")), lines::add);

            assertThat(lines).allSatisfy(line -> assertThat(OutputFormat.auto().parser().parse(line.text(), 0)).isEmpty());
        }

        @Test
        void collapsesItsBarWhenDrawnFrameByFrame() throws IOException {
            // on a terminal the bar is redrawn per step; rebuild those frames from the captured final one
            String finalFrame = Fixtures.text("lightning/pl_stdout.log").lines()
                    .filter(line -> line.contains("60/60")).findFirst().orElseThrow();
            StringBuilder out = new StringBuilder();
            for (int step = 0; step <= 60; step++) {
                out.append('\r').append(finalFrame.replace("60/60", step + "/60"));
            }
            out.append('\n');

            ConsoleLineSplitter.split(new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)),
                    lines::add);

            assertThat(raw()).containsExactly(finalFrame);
            assertThat(lines.get(0).collapsedFrames()).isEqualTo(60);
        }
    }

    @Nested
    class Text {
        @Test
        void theRawLineKeepsEscapesAndTheTextDropsThem() {
            splitter.accept("\u001b[32mloss\u001b[0m 1.0 \u001b]0;title\u0007done\u001b(B\n");

            ConsoleLine line = lines.get(0);
            assertThat(line.raw()).contains("\u001b[32m");
            assertThat(line.text()).isEqualTo("loss 1.0 done");
        }

        @Test
        void aRichStyleClearLineIsRemoved() {
            splitter.accept("\u001b[2K\u001b[1A\u001b[2K{'loss': 0.5, 'epoch': 1.0}\n");

            assertThat(lines.get(0).text()).isEqualTo("{'loss': 0.5, 'epoch': 1.0}");
        }

        @Test
        void plainTextIsReturnedAsIs() {
            splitter.accept("plain\ttext\n");

            assertThat(lines.get(0).text()).isSameAs(lines.get(0).raw());
        }

        @Test
        void aCharacterSplitAcrossReadsIsDecodedWhole() {
            byte[] bytes = "épreuve ━\n".getBytes(StandardCharsets.UTF_8);
            for (byte b : bytes) {
                splitter.accept(new byte[] {b}, 0, 1);
            }

            assertThat(raw()).containsExactly("épreuve ━");
        }
    }

    @Nested
    class LongLines {
        @Test
        void areCutAtTheCapAndMarked() {
            ConsoleLineSplitter small = new ConsoleLineSplitter(16, lines::add);

            small.accept("0123456789abcdefOVERFLOW\nnext\n");

            assertThat(raw()).containsExactly("0123456789abcdef", "next");
            assertThat(lines.get(0).truncated()).isTrue();
            assertThat(lines.get(1).truncated()).isFalse();
        }

        @Test
        void areNotCutInsideACharacter() {
            ConsoleLineSplitter small = new ConsoleLineSplitter(5, lines::add);

            small.accept("abcd━\n"); // '━' takes 3 bytes, only 1 fits

            assertThat(raw()).containsExactly("abcd");
        }

        @Test
        void ofTheDefaultCapKeepSixtyFourKibibytes() {
            splitter.accept("x".repeat(200_000) + "\nafter\n");

            assertThat(lines.get(0).raw()).hasSize(ConsoleLineSplitter.DEFAULT_MAX_LINE_BYTES);
            assertThat(lines.get(0).truncated()).isTrue();
            assertThat(lines.get(1).raw()).isEqualTo("after");
        }
    }

    private static long countCarriageReturns(final byte[] bytes) {
        long count = 0;
        for (byte b : bytes) {
            if (b == '\r') {
                count++;
            }
        }
        return count;
    }

    /** A stream that hands out one byte per read, as a slow pipe may. */
    private static final class OneByteAtATime extends InputStream {
        private final byte[] bytes;
        private int next;

        OneByteAtATime(final byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return next < bytes.length ? bytes[next++] & 0xff : -1;
        }

        @Override
        public int read(final byte[] buffer, final int offset, final int length) {
            if (next >= bytes.length) {
                return -1;
            }
            buffer[offset] = bytes[next++];
            return 1;
        }
    }
}
