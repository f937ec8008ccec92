package io.jenkins.plugins.gputraining.runner.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileFollowerTest {
    private static final double NOW = 1_767_225_600.0;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond((long) NOW), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static void append(final Path file, final String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Truncates and writes in place, as Python's open(path, "w") does: the same file, new content. */
    private static void rewrite(final Path file, final String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    /** Replaces the file by another one, as an atomic save does. */
    private void replace(final Path file, final String text) throws IOException {
        Path temp = dir.resolve("replacement.tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Nested
    class LightningCsvLogger {
        /** The real metrics.csv, split into its lines, each with its CRLF. */
        private final List<String> fixture = Arrays.asList(Fixtures.text("lightning/metrics.csv").split("(?<=\r\n)"));
        private final String header = fixture.get(0);
        private final List<String> rows = fixture.subList(1, fixture.size());
        private final List<Observation> observed = new ArrayList<>();
        private Path csv;
        private MetricsFileFollower follower;

        @BeforeEach
        void followTheFileCsvLoggerWillWrite() {
            csv = dir.resolve("pl_out/lightning_logs/version_0/metrics.csv");
            follower = new MetricsFileFollower(csv, CLOCK);
        }

        private String rows(final int from, final int to) {
            return String.join("", rows.subList(from, to));
        }

        /** A fixture row in the rewritten file, where a new last column (val_loss) is empty. */
        private String widened(final int from, final int to) {
            return rows.subList(from, to).stream().map(row -> row.replace("\r\n", ",\r\n"))
                    .reduce("", String::concat);
        }

        private void assertEveryFixtureRowObservedOnceInOrder() {
            List<Observation> training = observed.stream().filter(o -> o.loss() != null).toList();
            List<String[]> expected = rows.stream().map(row -> row.strip().split(",")).toList();
            assertThat(training).extracting(Observation::step)
                    .containsExactlyElementsOf(expected.stream().map(cells -> Long.valueOf(cells[1])).toList());
            assertThat(training).extracting(Observation::loss)
                    .containsExactlyElementsOf(expected.stream().map(cells -> Double.valueOf(cells[2])).toList());
            assertThat(training).allSatisfy(o -> {
                assertThat(o.epoch()).isEqualTo(0.0);
                assertThat(o.time()).isEqualTo(NOW);
                assertThat(o.metrics()).as("train_loss became the loss").isEmpty();
            });
        }

        @Test
        void theFixtureHasTheShapeTheseTestsAssume() {
            assertThat(header).isEqualTo("epoch,step,train_loss\r\n");
            assertThat(rows).hasSize(12).allSatisfy(row -> assertThat(row).endsWith("\r\n"));
        }

        @Test
        void growingInChunksWithATornLineAndAHeaderRewriteDeliversEveryRowOnce() throws IOException {
            observed.addAll(follower.poll());
            assertThat(observed).as("the file does not exist yet").isEmpty();
            assertThat(follower.lastProblem()).isEmpty();

            // CSVLogger's first save, caught while the fourth row is half written
            append(csv, header + rows(0, 3) + rows.get(3).substring(0, 4));
            observed.addAll(follower.poll());
            assertThat(observed).extracting(Observation::step).containsExactly(4L, 9L, 14L);
            assertThat(follower.layout()).isEqualTo(MetricsFileFollower.Layout.CSV);

            append(csv, rows.get(3).substring(4) + rows(4, 6));
            observed.addAll(follower.poll());
            assertThat(observed).hasSize(6);

            // a new metric appears: CSVLogger rewrites the file from the start with the wider header...
            String wideHeader = "epoch,step,train_loss,val_loss\r\n";
            rewrite(csv, wideHeader + widened(0, 2));
            assertThat(follower.poll()).as("caught mid-rewrite: only rows delivered before").isEmpty();
            // ...finishes the rewrite, then appends the new rows
            rewrite(csv, wideHeader + widened(0, 6) + "0,29,,2.41\r\n");
            observed.addAll(follower.poll());
            assertThat(observed).hasSize(7);
            assertThat(observed.get(6).step()).isEqualTo(29L);
            assertThat(observed.get(6).loss()).isNull();
            assertThat(observed.get(6).metric("val_loss")).isEqualTo(2.41);

            // the last save; the run ends before the final row's line end is written
            append(csv, widened(6, 11) + widened(11, 12).replace("\r\n", ""));
            observed.addAll(follower.poll());
            assertThat(observed).hasSize(12);
            observed.addAll(follower.drain());

            assertThat(observed).hasSize(13);
            assertEveryFixtureRowObservedOnceInOrder();
            assertThat(follower.poll()).isEmpty();
            assertThat(follower.drain()).isEmpty();
        }

        @Test
        void aNewColumnSortedIntoTheMiddleDoesNotRepeatRows() throws IOException {
            append(csv, header + rows(0, 6));
            observed.addAll(follower.poll());

            // LearningRateMonitor's lr-Adam sorts between epoch and step
            StringBuilder rewritten = new StringBuilder("epoch,lr-Adam,step,train_loss\r\n");
            for (String row : rows.subList(0, 6)) {
                rewritten.append(row.replaceFirst(",", ",,"));
            }
            for (String row : rows.subList(6, 12)) {
                rewritten.append(row.replaceFirst(",", ",0.001,"));
            }
            rewrite(csv, rewritten.toString());
            observed.addAll(follower.poll());

            assertEveryFixtureRowObservedOnceInOrder();
            assertThat(observed.subList(0, 6)).allSatisfy(o -> assertThat(o.learningRate()).isNull());
            assertThat(observed.subList(6, 12)).allSatisfy(o -> assertThat(o.learningRate()).isEqualTo(0.001));
        }

        @Test
        void theWholeFileAtOnceIsTheFixture() throws IOException {
            append(csv, String.join("", fixture));

            observed.addAll(follower.drain());

            assertEveryFixtureRowObservedOnceInOrder();
            assertThat(observed).hasSize(12);
        }

        @Test
        void emptyCellsAreAbsentValuesAndStepLossColumnsAreTheLoss() throws IOException {
            append(csv, "epoch,step,train_loss_epoch,train_loss_step,val_loss\n"
                    + "0,49,,2.31,\n"
                    + "0,99,,2.25,\n"
                    + "0,99,,,2.28\n"
                    + "0,99,2.29,,\n");

            observed.addAll(follower.poll());

            assertThat(observed).extracting(Observation::loss).containsExactly(2.31, 2.25, null, null);
            assertThat(observed.get(2).metrics()).containsOnlyKeys("val_loss");
            assertThat(observed.get(3).metrics()).containsOnlyKeys("train_loss_epoch");
        }
    }

    @Nested
    class WhileTheWriterIsWriting {
        /**
         * A writer that behaves like CSVLogger (saves append batches of rows; a new metric rewrites the whole file in
         * place with a wider, sorted header, in several writes that may cut lines) races a follower that polls as fast
         * as it can. Whatever the interleaving, every row must arrive exactly once and in order.
         */
        @RepeatedTest(5)
        void everyRowArrivesExactlyOnce() throws Exception {
            Path csv = dir.resolve("race/metrics.csv");
            Files.createDirectories(csv.getParent());
            MetricsFileFollower follower = new MetricsFileFollower(csv, CLOCK);
            LightningLikeWriter writer = new LightningLikeWriter(csv);
            List<Observation> observed = new ArrayList<>();

            Thread writing = new Thread(writer, "lightning-like-writer");
            writing.start();
            while (writing.isAlive()) {
                observed.addAll(follower.poll());
            }
            writing.join();
            writer.rethrow();
            observed.addAll(follower.drain());

            assertThat(observed).extracting(Observation::step).containsExactlyElementsOf(writer.steps);
            assertThat(observed).extracting(o -> o.loss() != null ? o.loss() : o.metric("val_loss"))
                    .containsExactlyElementsOf(writer.values);
        }
    }

    /** Writes metrics.csv the way Lightning's CSVLogger does, with deliberately torn writes. */
    private static final class LightningLikeWriter implements Runnable {
        final List<Long> steps = new ArrayList<>();
        final List<Double> values = new ArrayList<>();
        private final Path file;
        private final List<Map<String, String>> written = new ArrayList<>();
        private final TreeSet<String> columns = new TreeSet<>(List.of("epoch", "step", "train_loss"));
        private volatile Throwable failure;

        LightningLikeWriter(final Path file) {
            this.file = file;
        }

        @Override
        public void run() {
            try {
                Random random = new Random(42);
                long step = 0;
                for (int save = 0; save < 150; save++) {
                    List<Map<String, String>> batch = new ArrayList<>();
                    for (int i = 0; i < 1 + random.nextInt(4); i++) {
                        step += 5;
                        Map<String, String> row = new HashMap<>();
                        row.put("epoch", "0");
                        row.put("step", Long.toString(step));
                        String name = save % 7 == 6 ? "val_loss" : "train_loss";
                        double value = 2 + random.nextInt(100_000) / 1e5;
                        row.put(name, Double.toString(value));
                        if (save > 40) {
                            row.put("lr-Adam", "0.001");
                        }
                        if (save % 15 == 14) {
                            row.put("metric_" + save, "1"); // one more rewrite
                        }
                        batch.add(row);
                        steps.add(step);
                        values.add(value);
                    }
                    save(batch);
                }
            }
            catch (Throwable e) {
                failure = e;
            }
        }

        private void save(final List<Map<String, String>> batch) throws IOException {
            boolean newKeys = batch.stream().anyMatch(row -> !columns.containsAll(row.keySet()));
            batch.forEach(row -> columns.addAll(row.keySet()));
            if (newKeys && !written.isEmpty()) {
                writeTorn(StandardOpenOption.TRUNCATE_EXISTING, header() + lines(written));
            }
            writeTorn(written.isEmpty() ? StandardOpenOption.CREATE : StandardOpenOption.APPEND,
                    (written.isEmpty() ? header() : "") + lines(batch));
            written.addAll(batch);
        }

        private String header() {
            return String.join(",", columns) + "\r\n";
        }

        private String lines(final List<Map<String, String>> rows) {
            StringBuilder out = new StringBuilder();
            for (Map<String, String> row : rows) {
                out.append(columns.stream().map(column -> row.getOrDefault(column, ""))
                        .collect(Collectors.joining(","))).append("\r\n");
            }
            return out.toString();
        }

        /** Writes in pieces of 7 bytes, so that a reader sees cut lines and a half-rewritten file. */
        private void writeTorn(final StandardOpenOption mode, final String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(file,
                    StandardOpenOption.WRITE, StandardOpenOption.CREATE, mode)) {
                for (int from = 0; from < bytes.length; from += 7) {
                    channel.write(ByteBuffer.wrap(bytes, from, Math.min(7, bytes.length - from)));
                }
            }
        }

        void rethrow() throws Exception {
            if (failure != null) {
                throw new AssertionError("the writer failed", failure);
            }
        }
    }

    @Nested
    class JsonLinesFromTheChild {
        private Path file;
        private MetricsFileFollower follower;

        @BeforeEach
        void followTheFileTheAgentNamesInTheEnvironment() {
            file = dir.resolve("child-metrics.jsonl");
            follower = new MetricsFileFollower(file, CLOCK);
        }

        @Test
        void readsCompleteLinesAndTheLastOneOnDrain() throws IOException {
            assertThat(follower.poll()).isEmpty();

            append(file, "{\"step\": 1, \"loss\": 2.0, \"samples\": 32}\n{\"step\": 2, \"loss\": NaN, \"sam");
            assertThat(follower.poll()).singleElement().satisfies(o -> {
                assertThat(o.step()).isEqualTo(1L);
                assertThat(o.samples()).isEqualTo(32L);
                assertThat(o.time()).isEqualTo(NOW);
            });
            assertThat(follower.layout()).isEqualTo(MetricsFileFollower.Layout.JSON_LINES);

            append(file, "ples\": 64}\n");
            assertThat(follower.poll()).singleElement().satisfies(o -> {
                assertThat(o.loss()).isNaN();
                assertThat(o.samples()).isEqualTo(64L);
            });

            append(file, "{\"event\": \"checkpoint\", \"epoch\": 1}\nnot json\n\n{\"time\": 1767225700, \"step\": 3}");
            assertThat(follower.poll()).as("the file is for progress: any number counts")
                    .singleElement().satisfies(o -> assertThat(o.epoch()).isEqualTo(1.0));
            assertThat(follower.drain()).singleElement().satisfies(o -> {
                assertThat(o.step()).isEqualTo(3L);
                assertThat(o.time()).isEqualTo(1767225700.0);
            });
        }

        @Test
        void aReplacedFileDeliversOnlyWhatIsNew() throws IOException {
            String first = "{\"step\": 1, \"loss\": 3.0}\n{\"step\": 2, \"loss\": 2.5}\n{\"step\": 3, \"loss\": 2.0}\n";
            append(file, first);
            assertThat(follower.poll()).hasSize(3);

            replace(file, first + "{\"step\": 4, \"loss\": 1.5}\n");

            assertThat(follower.poll()).extracting(Observation::step).containsExactly(4L);
        }

        @Test
        void aFileReplacedByAnotherRunDeliversAllOfIt() throws IOException {
            append(file, "{\"step\": 1, \"loss\": 3.0}\n{\"step\": 2, \"loss\": 2.5}\n");
            assertThat(follower.poll()).hasSize(2);

            replace(file, "{\"step\": 1, \"loss\": 9.0}\n{\"step\": 2, \"loss\": 8.5}\n{\"step\": 3, \"loss\": 8.0}\n");

            assertThat(follower.poll()).extracting(Observation::loss).containsExactly(9.0, 8.5, 8.0);
        }

        @Test
        void aTruncatedFileIsReadFromItsStart() throws IOException {
            append(file, "{\"step\": 1, \"loss\": 3.0}\n{\"step\": 2, \"loss\": 2.5}\n");
            assertThat(follower.poll()).hasSize(2);

            rewrite(file, "{\"step\": 10, \"loss\": 1.0}\n");

            assertThat(follower.poll()).extracting(Observation::step).containsExactly(10L);
        }

        @Test
        void aRewriteThatGrowsTheFileIsNoticed() throws IOException {
            append(file, "{\"step\": 1, \"loss\": 3.0}\n");
            assertThat(follower.poll()).hasSize(1);

            rewrite(file, "{\"step\": 7, \"loss\": 1.0}\n{\"step\": 8, \"loss\": 0.5}\n");

            assertThat(follower.poll()).extracting(Observation::step).containsExactly(7L, 8L);
        }

        @Test
        void anOverlongLineIsSkippedWhole() throws IOException {
            append(file, "{\"step\": 1, \"junk\": \"" + "x".repeat(MetricsFileFollower.MAX_LINE_BYTES + 10) + "\"}\n"
                    + "{\"step\": 2, \"loss\": 0.5}\n");

            assertThat(follower.poll()).extracting(Observation::step).containsExactly(2L);
        }

        @Test
        void aFileThatCannotBeReadIsReportedNotThrown() throws IOException {
            Files.createDirectories(file);

            assertThat(follower.poll()).isEmpty();
            assertThat(follower.lastProblem())
                    .hasValueSatisfying(problem -> assertThat(problem).contains("cannot read"));
        }
    }
}
