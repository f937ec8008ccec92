package io.jenkins.plugins.gputraining.benchmarks.agent;

import io.jenkins.plugins.gputraining.runner.parse.ConsoleBatch;
import io.jenkins.plugins.gputraining.runner.parse.ConsoleLine;
import io.jenkins.plugins.gputraining.runner.parse.ConsoleLineSplitter;
import io.jenkins.plugins.gputraining.runner.parse.MetricRecordMapper;
import io.jenkins.plugins.gputraining.runner.parse.Observation;
import io.jenkins.plugins.gputraining.runner.parse.OutputFormat;
import io.jenkins.plugins.gputraining.runner.parse.ProgressHints;
import io.jenkins.plugins.gputraining.runner.parse.ProgressReader;
import io.jenkins.plugins.gputraining.runner.parse.ThroughputEstimator;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the agent's time per output line goes, measured in-process on the components {@code run}'s output pump
 * chains: the line splitter, the parser ({@code --format auto}) with the metric records it yields, the output.log
 * writer and the console echo (a {@link PrintStream} like {@code System.err}: autoflush, 128-byte buffer). Each stage
 * is added to the ones before it, so the fourth row is the pump's whole cost per line; the last row swaps that
 * echo for a buffered one flushed once per read chunk, to show what batching the echo would save.
 */
final class OutputProfile {
    private static final int CHUNK = 16 * 1024;
    private static final int PASSES = 3;

    private final int lines;
    private final Path scratch;
    private final byte[] output;

    OutputProfile(final int lines, final Path scratch) {
        this.lines = lines;
        this.scratch = scratch;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(lines * 128);
        TrainingLogLines log = new TrainingLogLines();
        for (int i = 0; i < lines; i++) {
            bytes.write(log.line(i, lines), 0, log.length());
        }
        this.output = bytes.toByteArray();
    }

    /** The table: ns per line for each cumulative stage, and the line rate that cost allows on one core. */
    String measure() throws IOException {
        String[] stages = {"split lines (ConsoleLineSplitter)", "+ read (auto) and record metrics",
            "+ output.log writer", "+ console echo (println to /dev/null, autoflush)",
            "  instead: echo buffered, flushed once per read (suggested)"};
        Table table = new Table(Table.format("where the agent's time per line goes (in-process, %d lines of %d bytes "
                + "average, best of %d interleaved passes after a warm-up)", lines,
                output.length / lines, PASSES))
                .header("pump stages", "ns/line", "added", "lines/s on one core");
        // Warm every stage up first, then take the best of interleaved passes: the JIT must not favour late stages.
        for (int warm = 0; warm < 3; warm++) {
            for (int stage = 0; stage < stages.length; stage++) {
                pass(stage);
            }
        }
        double[] best = new double[stages.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        for (int pass = 0; pass < PASSES; pass++) {
            for (int stage = 0; stage < stages.length; stage++) {
                best[stage] = Math.min(best[stage], pass(stage));
            }
        }
        double previous = 0;
        for (int stage = 0; stage < stages.length; stage++) {
            double perLine = best[stage] / lines;
            // The last row replaces the echo of the row before it: compare it with the stages before the echo.
            double base = stage == stages.length - 1 ? best[stage - 2] / lines : previous;
            table.row(stages[stage], Table.format("%.0f", perLine), Table.format("%+.0f", perLine - base),
                    Table.format("%,.0f", 1e9 / perLine));
            previous = perLine;
        }
        table.note(Table.format("a child printing 100,000 lines/s leaves the pump 10,000 ns per line"));
        return table.toString();
    }

    /** One pass of the stages up to {@code stage}; nanoseconds. */
    private long pass(final int stage) throws IOException {
        Path run = Files.createTempDirectory(scratch, "profile-");
        ProgressReader reader = OutputFormat.auto().reader(ProgressHints.NONE);
        ThroughputEstimator throughput = new ThroughputEstimator(null);
        ConsoleBatch batch = new ConsoleBatch();
        long[] kept = {0};
        try (RunWriter writer = RunWriter.open(run);
             BufferedWriter outputLog = Files.newBufferedWriter(run.resolve("output.log"), StandardCharsets.UTF_8);
             PrintStream console = stage == 4
                     ? new PrintStream(new BufferedOutputStream(new FileOutputStream("/dev/null"), 64 * 1024),
                     false, StandardCharsets.UTF_8)
                     : new PrintStream(new BufferedOutputStream(new FileOutputStream("/dev/null"), 128),
                     true, StandardCharsets.UTF_8)) {
            Consumer<ConsoleLine> sink = line -> {
                kept[0] += line.raw().length();
                if (stage >= 1) {
                    reader.line(line.text(), System.currentTimeMillis() / 1e3, batch::add);
                }
                if (stage >= 2) {
                    try {
                        outputLog.write(line.raw());
                        outputLog.newLine();
                    }
                    catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                if (stage >= 3) { // stage 4: the same, buffered
                    console.println(line.raw());
                }
            };
            long start = System.nanoTime();
            ConsoleLineSplitter splitter = new ConsoleLineSplitter(sink);
            for (int offset = 0; offset < output.length; offset += CHUNK) {
                splitter.accept(output, offset, Math.min(CHUNK, output.length - offset));
                if (stage >= 1 && !batch.isEmpty()) {
                    // as run does: the chunk's records in one write
                    List<MetricRecord> records = new ArrayList<>();
                    for (Observation observation : batch.drain()) {
                        records.add(MetricRecordMapper.toRecord(observation, throughput.next(observation)));
                    }
                    writer.appendMetrics(records);
                }
                if (stage == 4) {
                    console.flush();
                }
            }
            splitter.finish();
            outputLog.flush();
            long elapsed = System.nanoTime() - start;
            if (kept[0] == 0) {
                throw new IllegalStateException("no lines split");
            }
            return elapsed;
        }
        finally {
            Files.deleteIfExists(run.resolve("output.log"));
            Files.deleteIfExists(run.resolve("metrics.jsonl"));
            Files.deleteIfExists(run.resolve("telemetry.jsonl"));
            Files.deleteIfExists(run.resolve("events.jsonl"));
            Files.deleteIfExists(run);
        }
    }
}
