package io.jenkins.plugins.gputraining.model.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gputraining.model.analytics.AlertThresholds;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsCache;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.analytics.Summary;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import io.jenkins.plugins.gputraining.model.progress.ReadResult;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.series.Axis;
import io.jenkins.plugins.gputraining.model.series.GpuMetric;
import io.jenkins.plugins.gputraining.model.series.RunSeries;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the public readers with damaged copies of valid run directories: bit flips, truncations, inserted bytes,
 * huge and odd numbers, duplicate keys, and special files (a FIFO from {@code mkfifo}, links to {@code /dev/zero},
 * directories, dangling links) in place of the run's files. Whatever the damage, no exception other than a
 * {@link ProgressException} (an unreadable run, with its reason) leaves the public API, no read hangs, the analytics
 * stay in their documented ranges ({@link DocumentedRanges}), and a summary of the run always succeeds.
 *
 * <p>Budget: 1,000 tries (about 25 s of CPU on the 2-core development machine, so about 30 s when it is idle and
 * longer when it is shared); every try is a fresh run directory. The report shows how the tries were answered.
 */
class RunReadersFuzzTest {
    private static final List<String> FILES = List.of("progress.json", "metrics.jsonl", "telemetry.jsonl",
            "events.jsonl");
    private static final List<String> ODD_NUMBERS = List.of("9223372036854775807", "9223372036854775808",
            "18446744073709551616", "-9223372036854775809", "4294967296", "1e309", "-1e309", "1e-400", "1.5", "-0",
            "\"NaN\"", "NaN", "-Infinity", "\"1e999999999\"", "99999999999999999999999999999999", "-1", "0.0",
            "1E+2", "\"12abc\"", "null", "true", "{}", "[]");
    private static final List<String> INSERTS = List.of("\n", "{", "}", "\"", ",", ":", "\u0000", "\r\n", "NaN",
            ",\"time\":1", ",\"gpu\":4294967296", "\"step\":", "\\u0000", "\u00ff\u00fe", "\u0000\u0000 \u0000\n",
            "\u00ef\u00bb\u00bf", "[[[[[[", "]]]]",
            "{\"time\":1767225601,\"step\":3}\n", "{\"time\":1767225601,\"gpu\":0,\"utilization_percent\":250}\n");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final Pattern KEY_VALUE = Pattern.compile("\"[a-z_]+\"\\s*:\\s*[^,{}\\[\\]]+");

    private final RunAnalyzer analyzer = new RunAnalyzer(
            Clock.fixed(RunFixture.at(10_000), ZoneOffset.UTC), AlertThresholds.defaults());

    /** One way of damaging a file; positions are fractions of its length, so any damage applies to any file. */
    sealed interface Damage permits BitFlip, Truncate, Insert, OddNumber, DuplicateKey, SpecialFile {
        /** The file damaged. */
        String file();

        void apply(Path dir) throws IOException, InterruptedException;
    }

    record BitFlip(String file, double at, int bit) implements Damage {
        @Override
        public void apply(final Path dir) throws IOException {
            byte[] bytes = read(dir, file);
            if (bytes.length > 0) {
                int index = (int) (at * bytes.length);
                bytes[index] ^= (byte) (1 << bit);
                Files.write(dir.resolve(file), bytes);
            }
        }
    }

    record Truncate(String file, double at) implements Damage {
        @Override
        public void apply(final Path dir) throws IOException {
            byte[] bytes = read(dir, file);
            Files.write(dir.resolve(file), Arrays.copyOf(bytes, (int) (at * bytes.length)));
        }
    }

    record Insert(String file, double at, String text) implements Damage {
        @Override
        public void apply(final Path dir) throws IOException {
            byte[] bytes = read(dir, file);
            int index = (int) (at * bytes.length);
            byte[] inserted = text.getBytes(StandardCharsets.UTF_8);
            byte[] result = new byte[bytes.length + inserted.length];
            System.arraycopy(bytes, 0, result, 0, index);
            System.arraycopy(inserted, 0, result, index, inserted.length);
            System.arraycopy(bytes, index, result, index + inserted.length, bytes.length - index);
            Files.write(dir.resolve(file), result);
        }
    }

    /** Replaces the n-th number of the file (counted from a fraction of the numbers) with an odd one. */
    record OddNumber(String file, double which, String number) implements Damage {
        @Override
        public void apply(final Path dir) throws IOException {
            replaceMatch(dir, file, NUMBER, which, match -> number);
        }
    }

    /** Repeats a key-value pair of the file right after itself. */
    record DuplicateKey(String file, double which) implements Damage {
        @Override
        public void apply(final Path dir) throws IOException {
            replaceMatch(dir, file, KEY_VALUE, which, match -> match + "," + match);
        }
    }

    /** Replaces the file with a FIFO, a link to /dev/zero, a directory, a dangling link, or nothing. */
    record SpecialFile(String file, String kind) implements Damage {
        @Override
        public void apply(final Path dir) throws IOException, InterruptedException {
            Path path = dir.resolve(file);
            Files.deleteIfExists(path);
            switch (kind) {
                case "fifo" -> {
                    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
                    if (!mkfifo.waitFor(30, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                        throw new IOException("mkfifo failed");
                    }
                }
                case "dev-zero" -> Files.createSymbolicLink(path, Path.of("/dev/zero"));
                case "directory" -> Files.createDirectories(path);
                case "dangling" -> Files.createSymbolicLink(path, dir.resolve("nowhere"));
                case "missing" -> {
                    // deleted above
                }
                default -> throw new IllegalArgumentException(kind);
            }
        }
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.OFF)
    void anyDamageGetsAnAnswerInRangeWithoutHanging(@ForAll("runs") final long seed,
                                                   @ForAll("damages") final List<Damage> damages)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("fuzzed-run");
        try {
            validRun(dir, new Random(seed));
            for (Damage damage : damages) {
                if (Files.isRegularFile(dir.resolve(damage.file()))) {
                    damage.apply(dir);
                }
            }
            // A hang guard, not a performance figure: a reader blocked on a FIFO would otherwise stall the build.
            Statistics.collect(assertTimeoutPreemptively(Duration.ofSeconds(120), () -> readEverything(dir),
                    () -> "reading hung after " + damages));
        }
        finally {
            delete(dir);
        }
    }

    /** Reads the run every public way; returns how it was answered. */
    private String readEverything(final Path dir) {
        RunDirectory run = RunDirectory.at(dir);
        RunAnalytics analytics = null;
        try {
            analytics = analyzer.analyze(run);
        }
        catch (ProgressException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        if (analytics != null) {
            JsonNode json = AnalyticsJson.toTree(analytics);
            DocumentedRanges.check(json);
            RunSeries series = RunSeries.read(run);
            for (TrainingMetric metric : TrainingMetric.values()) {
                series.training(metric, Axis.STEP);
                series.overlay(metric, Axis.ELAPSED_SECONDS).downsample(50);
            }
            for (GpuMetric metric : GpuMetric.values()) {
                series.gpuOverlay(metric).downsample(50);
            }
        }
        for (String file : FILES.subList(1, FILES.size())) {
            try {
                ReadResult read = switch (file) {
                    case "metrics.jsonl" -> run.readMetrics(record -> { });
                    case "telemetry.jsonl" -> run.readTelemetry(sample -> { });
                    default -> run.readEvents(event -> { });
                };
                assertThat(read.records()).isNotNegative();
                assertThat(read.problemCount()).isNotNegative();
                assertThat(read.problems()).hasSizeLessThanOrEqualTo(100);
            }
            catch (ProgressException e) {
                assertThat(e.getMessage()).contains(file);
            }
        }
        Summary summary = new AnalyticsCache(analyzer, Clock.systemUTC()).summarize(List.of(run));
        assertThat(summary.totalRuns() + summary.unreadableRuns().size()).isEqualTo(1);
        assertThat(summary.totalRuns()).isEqualTo(analytics == null ? 0 : 1);
        AnalyticsJson.toJson(summary);
        if (analytics == null) {
            return "unreadable";
        }
        return analytics.dataQuality().malformedRecords() + analytics.dataQuality().skippedValues() > 0
                ? "analysed, damage counted" : "analysed, no damage counted";
    }

    @Provide
    Arbitrary<Long> runs() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<List<Damage>> damages() {
        Arbitrary<String> file = Arbitraries.of(FILES);
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1).ofScale(6).filter(value -> value < 1);
        Arbitrary<Damage> bitFlip = Combinators.combine(file, at, Arbitraries.integers().between(0, 7))
                .as(BitFlip::new);
        Arbitrary<Damage> truncate = Combinators.combine(file, at).as(Truncate::new);
        Arbitrary<Damage> insert = Combinators.combine(file, at, Arbitraries.oneOf(Arbitraries.of(INSERTS),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(8))).as(Insert::new);
        Arbitrary<Damage> oddNumber = Combinators.combine(file, at, Arbitraries.of(ODD_NUMBERS)).as(OddNumber::new);
        Arbitrary<Damage> duplicateKey = Combinators.combine(file, at).as(DuplicateKey::new);
        Arbitrary<Damage> special = Combinators.combine(file,
                Arbitraries.of("fifo", "dev-zero", "directory", "dangling", "missing")).as(SpecialFile::new);
        Arbitrary<Damage> one = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, bitFlip), net.jqwik.api.Tuple.of(2, truncate),
                net.jqwik.api.Tuple.of(4, insert), net.jqwik.api.Tuple.of(5, oddNumber),
                net.jqwik.api.Tuple.of(2, duplicateKey), net.jqwik.api.Tuple.of(1, special));
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    /** A valid run of a random shape: 0–40 log lines, 0–3 GPUs, maybe a pause, a checkpoint, a status. */
    private static void validRun(final Path dir, final Random random) {
        RunStatus[] statuses = RunStatus.values();
        int gpus = random.nextInt(4);
        RunFixture run = RunFixture.in(dir, "fuzzed").gpus(gpus).status(statuses[random.nextInt(statuses.length)]);
        int records = random.nextInt(41);
        long samples = 0;
        for (int i = 1; i <= records; i++) {
            samples += 32;
            run.metric(i * 2.0, (long) i, 2.0 / i, random.nextBoolean() ? 16.0 + random.nextInt(5) : null,
                    random.nextBoolean() ? samples : null);
        }
        int samplesToWrite = random.nextInt(30);
        for (int i = 0; i < samplesToWrite; i++) {
            int gpu = random.nextInt(Math.max(gpus, 1));
            long energy = 1_000_000L + 600_000L * i;
            run.gpu(i * 2.0, gpu, 50.0 + random.nextInt(50), 1000, 60, 300, sample -> sample.energyMillijoules(energy));
        }
        if (random.nextBoolean()) {
            run.paused(20).resumed(30);
        }
        if (random.nextBoolean()) {
            run.checkpoint(40, "checkpoint-" + random.nextInt(100), random.nextInt(100));
        }
        run.endedAt(100).write();
    }

    private static byte[] read(final Path dir, final String file) throws IOException {
        return Files.readAllBytes(dir.resolve(file));
    }

    private static void replaceMatch(final Path dir, final String file, final Pattern pattern, final double which,
                                     final java.util.function.UnaryOperator<String> replacement) throws IOException {
        String text = new String(read(dir, file), StandardCharsets.ISO_8859_1);
        List<int[]> matches = new java.util.ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            matches.add(new int[] {matcher.start(), matcher.end()});
        }
        if (matches.isEmpty()) {
            return;
        }
        int[] chosen = matches.get((int) (which * matches.size()));
        String replaced = text.substring(0, chosen[0]) + replacement.apply(text.substring(chosen[0], chosen[1]))
                + text.substring(chosen[1]);
        Files.write(dir.resolve(file), replaced.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void delete(final Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
