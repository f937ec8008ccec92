package io.jenkins.plugins.gputraining.model.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The corpus of corrupted run directories, and its generator: each {@link Case} damages a small valid run in one way
 * and states the answer the readers and the analytics must give (docs/progress-format.md, "Strictness" and "Limits").
 * The committed cases live in {@code model/src/test/resources/corrupted-runs/<case>/} with a README table; cases that
 * cannot be committed (special files, files of megabytes) are made at test time by the same code.
 *
 * <p>Regenerate the committed corpus after changing a case (from the repository root):
 * <pre>
 * mvn -B -q -pl model test-compile
 * java -cp "model/target/test-classes:model/target/classes:$(cat model/target/cp.txt)" \
 *     io.jenkins.plugins.gputraining.model.corpus.CorruptedRunCorpus model/src/test/resources/corrupted-runs
 * </pre>
 * ({@code mvn -pl model dependency:build-classpath -Dmdep.outputFile=target/cp.txt} writes cp.txt.)
 * {@code CorruptedRunCorpusTest} fails when the committed files differ from what this class generates.
 */
public final class CorruptedRunCorpus {
    /** Epoch seconds of the base run's start, 2026-01-01T00:00:00Z. */
    static final long T0 = 1_767_225_600L;
    /** Where the committed corpus lives, relative to the model module. */
    static final Path COMMITTED = Path.of("src/test/resources/corrupted-runs");

    private CorruptedRunCorpus() {
    }

    /** How a case's directory is made. */
    @FunctionalInterface
    interface Maker {
        void make(Path dir) throws IOException, InterruptedException;

        /** This maker, then another on the same directory. */
        default Maker andThen(final Maker next) {
            return dir -> {
                make(dir);
                next.make(dir);
            };
        }
    }

    /**
     * One corrupted run directory.
     *
     * @param name the directory name (also the job id where progress.json is readable)
     * @param damage what is wrong with it, in words
     * @param committed whether it is committed (false: made at test time, a special file or a large one)
     * @param maker writes it
     * @param expect the answer the readers and analytics must give
     */
    record Case(String name, String damage, boolean committed, Maker maker, Expect expect) {
        void make(final Path root) {
            Path dir = root.resolve(name);
            try {
                Files.createDirectories(dir);
                maker.make(dir);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The answer for a case: unreadable with a reason, not a run directory, or analysed with checked values. */
    record Expect(Kind kind, String reason, List<Check> checks) {
        enum Kind { UNREADABLE, NOT_A_RUN, ANALYSED }

        static Expect unreadable(final String reason) {
            return new Expect(Kind.UNREADABLE, reason, List.of());
        }

        static Expect notARun(final String reason) {
            return new Expect(Kind.NOT_A_RUN, reason, List.of());
        }

        static Expect analysed() {
            return new Expect(Kind.ANALYSED, null, List.of());
        }

        /** The analytics value at a dotted path ({@code data_quality.malformed_records}) equals the value. */
        Expect is(final String path, final Object value) {
            return with(new Check(path, Check.Op.EQUALS, value, 0));
        }

        /** The value at the path (text, or an array of texts) mentions the text. */
        Expect mentions(final String path, final String text) {
            return with(new Check(path, Check.Op.MENTIONS, text, 0));
        }

        /** The number at the path is within a relative tolerance of the value. */
        Expect near(final String path, final double value, final double relative) {
            return with(new Check(path, Check.Op.NEAR, value, relative));
        }

        /** The number at the path is at most the value. */
        Expect atMost(final String path, final double value) {
            return with(new Check(path, Check.Op.AT_MOST, value, 0));
        }

        /** Adds a check; an expected value replaces an earlier one for the same path. */
        private Expect with(final Check check) {
            List<Check> more = new ArrayList<>(checks);
            if (check.op() == Check.Op.EQUALS) {
                more.removeIf(earlier -> earlier.op() == Check.Op.EQUALS && earlier.path().equals(check.path()));
            }
            more.add(check);
            return new Expect(kind, reason, more);
        }

        /** The answer as the README states it. */
        String describe() {
            return switch (kind) {
                case UNREADABLE -> "listed unreadable: \"" + reason + "\"";
                case NOT_A_RUN -> "not a run directory (not listed); analysing it names \"" + reason + "\"";
                case ANALYSED -> "analysed" + (checks.isEmpty() ? "" : "; " + String.join("; ",
                        checks.stream().map(Check::describe).toList()));
            };
        }
    }

    /** One expected value of the analytics JSON. */
    record Check(String path, Op op, Object value, double tolerance) {
        enum Op { EQUALS, MENTIONS, NEAR, AT_MOST }

        String describe() {
            return switch (op) {
                case EQUALS -> "`" + path + "` = " + (value instanceof String text ? "\"" + text + "\"" : value);
                case MENTIONS -> "`" + path + "` mentions \"" + value + "\"";
                case NEAR -> "`" + path + "` ≈ " + value + " ± " + Math.round(tolerance * 100) + " %";
                case AT_MOST -> "`" + path + "` ≤ " + value;
            };
        }
    }

    // The base run: 10 log lines 10 s apart (step i, 320·i samples: 32 samples/s), 10 samples of one GPU (90 %
    // utilisation, 300 W, an energy counter rising 3,000 J a sample: 7.5 Wh), a checkpoint, completed after 100 s.

    static String progress(final String id) {
        return progress(id, UnaryOperator.identity());
    }

    /** The base run's progress.json, with text replacements applied by {@code edit}. */
    static String progress(final String id, final UnaryOperator<String> edit) {
        return edit.apply("""
                {
                  "format": "gpu-training/progress@1",
                  "job_id": "%s",
                  "name": "%s",
                  "status": "completed",
                  "command": ["python3", "train.py"],
                  "working_dir": "/work",
                  "started_at": "2026-01-01T00:00:00Z",
                  "ended_at": "2026-01-01T00:01:40Z",
                  "updated_at": "2026-01-01T00:01:40Z",
                  "exit_code": 0,
                  "exit_signal": null,
                  "error": null,
                  "gpus": [{"index": 0, "uuid": "GPU-0", "name": "NVIDIA H200", "memory_total_mb": 80000}],
                  "telemetry": {"available": true, "reason": null, "driver_version": "580.95", "unsupported_metrics": []},
                  "latest": {"time": %d, "step": 10, "loss": 0.7748, "samples": 3200},
                  "checkpoints": [{"name": "checkpoint-5", "path": "out/checkpoint-5", "step": 5, "time": %d, "size_bytes": 1024}]
                }
                """.formatted(id, id, T0 + 100, T0 + 50));
    }

    static String metricLine(final int step) {
        return "{\"time\":%d,\"step\":%d,\"loss\":%s,\"samples_per_second\":32,\"samples\":%d}".formatted(T0 + 10L * step,
                step, loss(step), 320L * step);
    }

    static String loss(final int step) {
        return String.format(Locale.ROOT, "%.4f", 2.0 * Math.pow(0.9, step - 1));
    }

    static List<String> metricLines() {
        List<String> lines = new ArrayList<>();
        for (int step = 1; step <= 10; step++) {
            lines.add(metricLine(step));
        }
        return lines;
    }

    static String telemetryLine(final int i) {
        return ("{\"time\":%d,\"gpu\":0,\"uuid\":\"GPU-0\",\"utilization_percent\":90,\"memory_used_mb\":40000,"
                + "\"memory_total_mb\":80000,\"temperature_c\":60,\"power_watts\":300,\"energy_mj\":%d}")
                .formatted(T0 + 10L * i, 1_000_000L + 3_000_000L * (i - 1));
    }

    static List<String> telemetryLines() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            lines.add(telemetryLine(i));
        }
        return lines;
    }

    static List<String> eventLines() {
        return List.of("{\"time\":%d,\"event\":\"started\",\"message\":\"started\"}".formatted(T0),
                "{\"time\":%d,\"event\":\"checkpoint\",\"name\":\"checkpoint-5\"}".formatted(T0 + 50),
                "{\"time\":%d,\"event\":\"exited\",\"message\":\"exited with code 0\",\"exit_code\":0}".formatted(T0 + 100));
    }

    /** Writes the base run with the given files' contents (null: the base content). */
    static void write(final Path dir, final String progress, final List<String> metrics, final List<String> telemetry,
                      final List<String> events) throws IOException {
        Files.writeString(dir.resolve("progress.json"), progress == null ? progress(dir.getFileName().toString())
                : progress, StandardCharsets.UTF_8);
        lines(dir.resolve("metrics.jsonl"), metrics == null ? metricLines() : metrics);
        lines(dir.resolve("telemetry.jsonl"), telemetry == null ? telemetryLines() : telemetry);
        lines(dir.resolve("events.jsonl"), events == null ? eventLines() : events);
    }

    static void lines(final Path file, final List<String> lines) throws IOException {
        Files.writeString(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    static Maker base() {
        return dir -> write(dir, null, null, null, null);
    }

    static Maker withProgress(final UnaryOperator<String> edit) {
        return dir -> write(dir, progress(dir.getFileName().toString(), edit), null, null, null);
    }

    static Maker withProgressText(final String text) {
        return dir -> write(dir, text, null, null, null);
    }

    static Maker withMetrics(final UnaryOperator<List<String>> edit) {
        return dir -> write(dir, null, edit.apply(new ArrayList<>(metricLines())), null, null);
    }

    static Maker withTelemetry(final UnaryOperator<List<String>> edit) {
        return dir -> write(dir, null, null, edit.apply(new ArrayList<>(telemetryLines())), null);
    }

    static Maker withEvents(final UnaryOperator<List<String>> edit) {
        return dir -> write(dir, null, null, null, edit.apply(new ArrayList<>(eventLines())));
    }

    /** The list with the element at {@code index} replaced. */
    static UnaryOperator<List<String>> set(final int index, final String line) {
        return lines -> {
            lines.set(index, line);
            return lines;
        };
    }

    /** The list with a line inserted at {@code index}. */
    static UnaryOperator<List<String>> insert(final int index, final String line) {
        return lines -> {
            lines.add(index, line);
            return lines;
        };
    }

    /** The base analytics every readable case keeps unless its damage changes them. */
    static Expect baseAnalysed() {
        return Expect.analysed().is("status", "completed").is("performance.average_samples_per_second", 32.0)
                .is("resource_utilization.energy_wh", 7.5);
    }

    /** Every case, committed ones first. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("valid-control", "nothing: the base run, for reference", true, base(),
                baseAnalysed().is("data_quality.malformed_records", 0).is("data_quality.skipped_values", 0)
                        .is("efficiency.overall_score", 95.0).is("checkpoints.count", 1)));

        // progress.json as a whole
        cases.add(new Case("progress-missing", "no progress.json (only the .jsonl files)", true,
                base().andThen(dir -> Files.delete(dir.resolve("progress.json"))),
                Expect.notARun("has no progress.json")));
        cases.add(new Case("progress-empty", "progress.json is empty", true, withProgressText(""),
                Expect.unreadable("does not hold a JSON object")));
        cases.add(new Case("progress-not-json", "progress.json is prose", true,
                withProgressText("the run went fine\n"), Expect.unreadable("is not valid JSON")));
        cases.add(new Case("progress-array", "progress.json is a JSON array", true, withProgressText("[1, 2]\n"),
                Expect.unreadable("does not hold a JSON object")));
        cases.add(new Case("progress-truncated", "progress.json cut off in the middle", true,
                dir -> write(dir, progress(dir.getFileName().toString()).substring(0, 200), null, null, null),
                Expect.unreadable("is not valid JSON")));
        cases.add(new Case("progress-nul-bytes", "progress.json is 4 KiB of NUL bytes (a crash after preallocation)",
                true, dir -> {
                    write(dir, null, null, null, null);
                    Files.write(dir.resolve("progress.json"), new byte[4096]);
                }, Expect.unreadable("is not valid JSON")));
        cases.add(new Case("progress-format-newer", "format gpu-training/progress@2", true,
                withProgress(text -> text.replace("progress@1", "progress@2")), Expect.unreadable("newer than")));
        cases.add(new Case("progress-format-huge-version", "format gpu-training/progress@99999999999", true,
                withProgress(text -> text.replace("progress@1", "progress@99999999999")),
                Expect.unreadable("newer than")));
        cases.add(new Case("progress-format-unknown", "format \"mlflow/run@1\"", true,
                withProgress(text -> text.replace("gpu-training/progress@1", "mlflow/run@1")),
                Expect.unreadable("unknown format")));
        cases.add(new Case("progress-format-missing", "no \"format\"", true,
                withProgress(text -> text.replace("\"format\": \"gpu-training/progress@1\",", "")),
                Expect.unreadable("no \"format\" field")));
        cases.add(new Case("progress-no-job-id", "no \"job_id\"", true,
                withProgress(text -> text.replaceFirst("\"job_id\": \"[^\"]*\",", "")),
                Expect.unreadable("missing \"job_id\"")));
        cases.add(new Case("progress-status-unknown", "status \"exploded\"", true,
                withProgress(text -> text.replace("\"status\": \"completed\"", "\"status\": \"exploded\"")),
                Expect.unreadable("unknown status \"exploded\"")));
        cases.add(new Case("progress-started-at-garbage", "started_at \"yesterday\"", true,
                withProgress(text -> text.replace("\"started_at\": \"2026-01-01T00:00:00Z\"",
                        "\"started_at\": \"yesterday\"")),
                Expect.unreadable("\"started_at\" is not an ISO-8601 instant")));
        cases.add(new Case("progress-started-at-far-future", "started_at in the year 99999", true,
                withProgress(text -> text.replace("\"started_at\": \"2026-01-01T00:00:00Z\"",
                        "\"started_at\": \"+99999-01-01T00:00:00Z\"")),
                Expect.unreadable("is not between 1970 and 9999")));
        cases.add(new Case("progress-duplicate-key", "\"status\" twice (running, then completed)", true,
                withProgress(text -> text.replace("\"status\": \"completed\",",
                        "\"status\": \"running\",\n  \"status\": \"completed\",")),
                Expect.unreadable("Duplicate field 'status'")));
        cases.add(new Case("progress-deep-nesting", "an unknown field nested 5,000 arrays deep", true,
                withProgress(text -> text.replace("\"error\": null,",
                        "\"error\": null,\n  \"deep\": " + "[".repeat(5000) + "]".repeat(5000) + ",")),
                Expect.unreadable("nesting depth")));
        cases.add(new Case("progress-long-number", "exit_code with 2,000 digits", true,
                withProgress(text -> text.replace("\"exit_code\": 0", "\"exit_code\": " + "9".repeat(2000))),
                Expect.unreadable("is not valid JSON")));

        // values inside progress.json: read as unknown and reported
        cases.add(new Case("exit-code-2pow32", "exit_code 4294967296 on a failed run (2^32: read as 0 when wrapped)",
                true, withProgress(text -> text.replace("\"status\": \"completed\"", "\"status\": \"failed\"")
                        .replace("\"exit_code\": 0", "\"exit_code\": 4294967296")),
                baseAnalysed().is("status", "failed").is("exit_code", null).is("data_quality.malformed_records", 1)
                        .mentions("data_quality.problems", "\"exit_code\" 4294967296 does not fit a 32-bit integer")));
        cases.add(new Case("exit-code-fraction", "exit_code 1.5 on a failed run (read as 2 when rounded)", true,
                withProgress(text -> text.replace("\"status\": \"completed\"", "\"status\": \"failed\"")
                        .replace("\"exit_code\": 0", "\"exit_code\": 1.5")),
                baseAnalysed().is("status", "failed").is("exit_code", null).is("data_quality.malformed_records", 1)
                        .mentions("data_quality.problems", "\"exit_code\" is not an integer")));
        cases.add(new Case("exit-code-text", "exit_code \"segfault\"", true,
                withProgress(text -> text.replace("\"exit_code\": 0", "\"exit_code\": \"segfault\"")),
                baseAnalysed().is("exit_code", null).is("data_quality.malformed_records", 1)));
        cases.add(new Case("exit-code-numeric-text", "exit_code \"3\" (a number written as text: accepted)", true,
                withProgress(text -> text.replace("\"exit_code\": 0", "\"exit_code\": \"3\"")),
                baseAnalysed().is("exit_code", 3).is("data_quality.malformed_records", 0)));
        cases.add(new Case("checkpoint-without-name", "a checkpoint with a path but no name", true,
                withProgress(text -> text.replace("\"name\": \"checkpoint-5\", ", "")),
                baseAnalysed().is("checkpoints.count", 1).is("checkpoints.names.0", "checkpoint-5")
                        .is("data_quality.malformed_records", 0)));
        cases.add(new Case("checkpoint-without-name-or-path", "a checkpoint with neither name nor path (crashed "
                + "analyze with a NullPointerException)", true,
                withProgress(text -> text.replace("\"name\": \"checkpoint-5\", \"path\": \"out/checkpoint-5\", ", "")),
                baseAnalysed().is("checkpoints.count", 1).is("checkpoints.names.0", "checkpoint-5")
                        .is("data_quality.malformed_records", 1)
                        .mentions("data_quality.problems", "has neither a \"name\" nor a \"path\"")));
        cases.add(new Case("checkpoints-not-objects", "checkpoints [1, \"x\", null]", true,
                withProgress(text -> text.replaceFirst("\"checkpoints\": \\[.*]", "\"checkpoints\": [1, \"x\", null]")),
                baseAnalysed().is("data_quality.malformed_records", 3).is("checkpoints.count", 1)));
        cases.add(new Case("checkpoints-not-array", "checkpoints \"many\"", true,
                withProgress(text -> text.replaceFirst("\"checkpoints\": \\[.*]", "\"checkpoints\": \"many\"")),
                baseAnalysed().is("data_quality.malformed_records", 1).is("checkpoints.count", 1)));
        cases.add(new Case("gpu-inventory-index-2pow32", "a GPU of the inventory with index 2^32", true,
                withProgress(text -> text.replace("\"index\": 0", "\"index\": 4294967296")),
                baseAnalysed().is("data_quality.malformed_records", 1)
                        .mentions("data_quality.problems", "has no valid GPU index (4294967296)")));
        cases.add(new Case("latest-step-huge", "latest.step 1e30", true,
                withProgress(text -> text.replace("\"step\": 10,", "\"step\": 1e30,")),
                baseAnalysed().is("data_quality.malformed_records", 1).mentions("data_quality.problems", "\"latest\"")));
        cases.add(new Case("telemetry-status-not-object", "telemetry: true", true,
                withProgress(text -> text.replaceFirst("\"telemetry\": \\{.*},", "\"telemetry\": true,")),
                baseAnalysed().is("telemetry_available", false).is("data_quality.malformed_records", 1)));
        cases.add(new Case("progress-unknown-fields", "unknown top-level fields (kept, not a problem)", true,
                withProgress(text -> text.replace("\"error\": null,",
                        "\"error\": null,\n  \"cluster\": {\"name\": \"dgx-7\"},\n  \"tags\": [\"a\", 1],")),
                baseAnalysed().is("data_quality.malformed_records", 0)));

        // metrics.jsonl
        cases.add(new Case("metrics-garbage-lines", "two lines of binary noise among the records", true,
                withMetrics(lines -> {
                    lines.add(3, "\u0007\u0001garbage {\"time\":");
                    lines.add(6, "{{{{");
                    return lines;
                }),
                baseAnalysed().is("data_quality.metric_records", 10).is("data_quality.malformed_records", 2)
                        .mentions("data_quality.problems", "metrics.jsonl:4:")));
        cases.add(new Case("metrics-step-2pow64", "a step of 2^64", true,
                withMetrics(set(4, "{\"time\":%d,\"step\":18446744073709551616,\"loss\":1.0}".formatted(T0 + 50))),
                Expect.analysed().is("data_quality.malformed_records", 1).is("performance.steps", 10)
                        .mentions("data_quality.problems", "does not fit a 64-bit integer")));
        cases.add(new Case("metrics-step-fraction", "a step of 4.5", true,
                withMetrics(set(4, "{\"time\":%d,\"step\":4.5,\"loss\":1.0}".formatted(T0 + 50))),
                Expect.analysed().is("data_quality.malformed_records", 1)
                        .mentions("data_quality.problems", "\"step\" is not an integer")));
        cases.add(new Case("metrics-step-negative", "a step of -5", true,
                withMetrics(set(4, "{\"time\":%d,\"step\":-5,\"loss\":1.0}".formatted(T0 + 50))),
                Expect.analysed().is("data_quality.malformed_records", 0).is("data_quality.skipped_values", 1)
                        .is("performance.steps", 10)));
        cases.add(new Case("metrics-samples-huge", "cumulative samples 1e300 (clamped to Long.MAX by rounding)", true,
                withMetrics(set(9, "{\"time\":%d,\"step\":10,\"loss\":0.7748,\"samples\":1e300}".formatted(T0 + 100))),
                Expect.analysed().is("data_quality.malformed_records", 1).is("performance.total_samples", 2880)
                        .is("performance.average_samples_per_second", 32.0)));
        cases.add(new Case("metrics-samples-negative", "cumulative samples -320", true,
                withMetrics(set(0, "{\"time\":%d,\"step\":1,\"loss\":2.0,\"samples\":-320}".formatted(T0 + 10))),
                baseAnalysed().is("data_quality.skipped_values", 1)));
        cases.add(new Case("metrics-counter-reset", "cumulative samples restart from 0 after step 5 (a restart from a "
                + "checkpoint), then 32 samples/s again", true,
                withMetrics(lines -> {
                    for (int step = 6; step <= 10; step++) {
                        lines.set(step - 1, "{\"time\":%d,\"step\":%d,\"loss\":1.0,\"samples\":%d}".formatted(
                                T0 + 10L * step, step, 320L * (step - 6)));
                    }
                    return lines;
                }),
                Expect.analysed().is("data_quality.counter_resets", 1).is("performance.average_samples_per_second", 32.0)
                        .is("performance.peak_samples_per_second", 32.0)));
        cases.add(new Case("metrics-throughput-negative", "samples_per_second -5 and \"NaN\" on two lines without "
                + "cumulative samples", true,
                dir -> write(dir, null, List.of(
                        "{\"time\":%d,\"step\":1,\"loss\":2.0,\"samples_per_second\":40}".formatted(T0 + 10),
                        "{\"time\":%d,\"step\":2,\"loss\":1.9,\"samples_per_second\":-5}".formatted(T0 + 20),
                        "{\"time\":%d,\"step\":3,\"loss\":1.8,\"samples_per_second\":\"NaN\"}".formatted(T0 + 30),
                        "{\"time\":%d,\"step\":4,\"loss\":1.7,\"samples_per_second\":40}".formatted(T0 + 40)), null, null),
                Expect.analysed().is("data_quality.skipped_values", 2).is("performance.average_samples_per_second", 40.0)
                        .is("performance.peak_samples_per_second", 40.0)));
        cases.add(new Case("metrics-duplicate-key", "\"loss\" twice in one record", true,
                withMetrics(set(2, "{\"time\":%d,\"step\":3,\"loss\":1.62,\"loss\":99}".formatted(T0 + 30))),
                Expect.analysed().is("data_quality.malformed_records", 1)
                        .mentions("data_quality.problems", "duplicate key \"loss\"")));
        cases.add(new Case("metrics-duplicate-unknown-key", "\"eval_loss\" twice in one record", true,
                withMetrics(insert(3, "{\"time\":%d,\"eval_loss\":1.5,\"eval_loss\":1.4}".formatted(T0 + 35))),
                baseAnalysed().is("data_quality.malformed_records", 1)
                        .mentions("data_quality.problems", "duplicate key \"eval_loss\"")));
        cases.add(new Case("metrics-duplicate-nested-key", "a key repeated inside an unknown object field", true,
                withMetrics(insert(3, "{\"time\":%d,\"eval\":{\"acc\":0.5,\"acc\":0.9}}".formatted(T0 + 35))),
                baseAnalysed().is("data_quality.malformed_records", 1)
                        .mentions("data_quality.problems", "Duplicate field 'acc'")));
        cases.add(new Case("metrics-time-missing", "a record without time", true,
                withMetrics(insert(3, "{\"step\":3,\"loss\":1.0}")),
                baseAnalysed().is("data_quality.malformed_records", 1)
                        .mentions("data_quality.problems", "without a numeric \"time\"")));
        cases.add(new Case("metrics-time-negative", "a record at time -1", true,
                withMetrics(insert(3, "{\"time\":-1,\"step\":3,\"loss\":1.0}")),
                baseAnalysed().is("data_quality.malformed_records", 1)
                        .mentions("data_quality.problems", "between 1970 and 9999")));
        cases.add(new Case("metrics-time-year-40000", "a record at time 1.2e12 (year 40,000)", true,
                withMetrics(insert(3, "{\"time\":1.2e12,\"step\":3,\"loss\":1.0}")),
                baseAnalysed().is("data_quality.malformed_records", 1)));
        cases.add(new Case("metrics-time-nan", "a record at time \"NaN\"", true,
                withMetrics(insert(3, "{\"time\":\"NaN\",\"step\":3,\"loss\":1.0}")),
                baseAnalysed().is("data_quality.malformed_records", 1)));
        cases.add(new Case("metrics-loss-wrong-type", "loss true, loss {} and loss \"low\"", true,
                withMetrics(lines -> {
                    lines.add(3, "{\"time\":%d,\"loss\":true}".formatted(T0 + 35));
                    lines.add(4, "{\"time\":%d,\"loss\":{}}".formatted(T0 + 36));
                    lines.add(5, "{\"time\":%d,\"loss\":\"low\"}".formatted(T0 + 37));
                    return lines;
                }),
                baseAnalysed().is("data_quality.malformed_records", 3).mentions("data_quality.problems",
                        "\"loss\" is not a number")));
        cases.add(new Case("metrics-loss-nan", "the loss becomes NaN (valid data: counted and alerted)", true,
                withMetrics(set(9, "{\"time\":%d,\"step\":10,\"loss\":NaN,\"samples\":3200}".formatted(T0 + 100))),
                baseAnalysed().is("losses.non_finite_count", 1).is("alerts.0.kind", "loss_not_finite")
                        .is("data_quality.malformed_records", 0)));
        cases.add(new Case("metrics-crlf", "Windows line ends", true,
                dir -> {
                    write(dir, null, null, null, null);
                    Files.writeString(dir.resolve("metrics.jsonl"), String.join("\r\n", metricLines()) + "\r\n");
                }, baseAnalysed().is("data_quality.malformed_records", 0).is("data_quality.metric_records", 10)));
        cases.add(new Case("metrics-truncated-tail", "the last line cut off (a crash mid-write)", true,
                withMetrics(lines -> {
                    lines.set(9, lines.get(9).substring(0, 20));
                    return lines;
                }).andThen(dir -> {
                    String text = Files.readString(dir.resolve("metrics.jsonl"));
                    Files.writeString(dir.resolve("metrics.jsonl"), text.substring(0, text.length() - 1));
                }),
                Expect.analysed().is("data_quality.truncated_files.0", "metrics.jsonl")
                        .is("data_quality.malformed_records", 0).is("data_quality.metric_records", 9)));
        cases.add(new Case("metrics-nul-block", "1 KiB of NUL bytes between two records (a crash after "
                + "preallocation)", true,
                dir -> {
                    write(dir, null, null, null, null);
                    byte[] head = (String.join("\n", metricLines().subList(0, 5)) + "\n").getBytes(StandardCharsets.UTF_8);
                    byte[] tail = ("\n" + String.join("\n", metricLines().subList(5, 10)) + "\n")
                            .getBytes(StandardCharsets.UTF_8);
                    byte[] all = Arrays.copyOf(head, head.length + 1024 + tail.length);
                    System.arraycopy(tail, 0, all, head.length + 1024, tail.length);
                    Files.write(dir.resolve("metrics.jsonl"), all);
                }, baseAnalysed().is("data_quality.malformed_records", 1).is("data_quality.metric_records", 10)));
        cases.add(new Case("metrics-ucs4-lookalike", "a line starting NUL NUL space NUL (the JSON parser took it for "
                + "UTF-32 and threw, failing the whole file)", true,
                withMetrics(insert(5, "\u0000\u0000 \u0000\u0000 {}")),
                baseAnalysed().is("data_quality.malformed_records", 1).is("data_quality.metric_records", 10)));
        cases.add(new Case("metrics-empty", "metrics.jsonl is empty: nothing known, nothing invented", true,
                dir -> write(dir, null, List.of(), null, null),
                Expect.analysed().is("performance.average_samples_per_second", null).is("losses.final", null)
                        .is("efficiency.throughput_score", null).is("efficiency.overall_score", 90.0)));
        cases.add(new Case("metrics-not-objects", "lines that are JSON but not objects: 42, \"x\", [ ], null", true,
                withMetrics(lines -> {
                    lines.addAll(2, List.of("42", "\"x\"", "[]", "null"));
                    return lines;
                }), baseAnalysed().is("data_quality.malformed_records", 4)));
        cases.add(new Case("metrics-trailing-content", "a record followed by more JSON on the same line", true,
                withMetrics(set(2, metricLine(3) + " {\"time\":1}")),
                Expect.analysed().is("data_quality.malformed_records", 1)
                        .mentions("data_quality.problems", "unexpected content after the JSON object")));

        // telemetry.jsonl
        cases.add(new Case("telemetry-gpu-2pow32", "a sample of GPU 4294967296 (2^32: merged into GPU 0 when "
                + "wrapped)", true,
                withTelemetry(insert(5, "{\"time\":%d,\"gpu\":4294967296,\"utilization_percent\":0}".formatted(T0 + 55))),
                baseAnalysed().is("resource_utilization.gpu_count", 1)
                        .is("resource_utilization.average_gpu_utilization_percent", 90.0)
                        .is("data_quality.malformed_records", 1)));
        cases.add(new Case("telemetry-gpu-negative", "a sample of GPU -1", true,
                withTelemetry(insert(5, "{\"time\":%d,\"gpu\":-1,\"utilization_percent\":0}".formatted(T0 + 55))),
                baseAnalysed().is("resource_utilization.gpu_count", 1).is("data_quality.malformed_records", 1)));
        cases.add(new Case("telemetry-gpu-fraction", "a sample of GPU 0.5", true,
                withTelemetry(insert(5, "{\"time\":%d,\"gpu\":0.5,\"utilization_percent\":0}".formatted(T0 + 55))),
                baseAnalysed().is("resource_utilization.gpu_count", 1).is("data_quality.malformed_records", 1)));
        cases.add(new Case("telemetry-utilization-nan", "one utilisation sample NaN (voided the average)", true,
                withTelemetry(set(4, telemetryLine(5).replace("\"utilization_percent\":90",
                        "\"utilization_percent\":NaN"))),
                baseAnalysed().is("resource_utilization.average_gpu_utilization_percent", 90.0)
                        .is("data_quality.skipped_values", 1)));
        cases.add(new Case("telemetry-utilization-250", "utilisation 250 % on every sample (scored 250)", true,
                withTelemetry(lines -> lines.stream().map(line -> line.replace("\"utilization_percent\":90",
                        "\"utilization_percent\":250")).toList()),
                Expect.analysed().is("resource_utilization.average_gpu_utilization_percent", null)
                        .is("efficiency.gpu_utilization_score", null).is("efficiency.overall_score", 100.0)
                        .is("data_quality.skipped_values", 10)));
        cases.add(new Case("telemetry-utilization-negative", "utilisation -3 on one sample", true,
                withTelemetry(set(4, telemetryLine(5).replace("\"utilization_percent\":90",
                        "\"utilization_percent\":-3"))),
                baseAnalysed().is("resource_utilization.average_gpu_utilization_percent", 90.0)
                        .is("data_quality.skipped_values", 1)));
        cases.add(new Case("telemetry-energy-reset", "the energy counter drops to 0 after the 5th sample (driver "
                + "reload)", true,
                withTelemetry(lines -> {
                    for (int i = 6; i <= 10; i++) {
                        lines.set(i - 1, telemetryLine(i).replace("\"energy_mj\":" + (1_000_000L + 3_000_000L * (i - 1)),
                                "\"energy_mj\":" + 3_000_000L * (i - 6)));
                    }
                    return lines;
                }),
                Expect.analysed().is("data_quality.counter_resets", 1).is("resource_utilization.energy_wh", 6.6667)));
        cases.add(new Case("telemetry-energy-wrap", "the energy counter near 2^63 drops to a small value (an "
                + "overflowed counter gave -1.2e11 Wh)", true,
                withTelemetry(lines -> {
                    lines.set(4, telemetryLine(5).replace("\"energy_mj\":13000000", "\"energy_mj\":9223372036854775000"));
                    return lines;
                }),
                Expect.analysed().is("data_quality.counter_resets", 1).is("data_quality.skipped_values", 1)
                        .is("resource_utilization.energy_wh", 5.8333)));
        cases.add(new Case("telemetry-energy-jump", "the energy counter jumps by 10^15 mJ in 10 s", true,
                withTelemetry(lines -> {
                    for (int i = 6; i <= 10; i++) {
                        long counter = 1_000_000L + 3_000_000L * (i - 1);
                        lines.set(i - 1, telemetryLine(i).replace("\"energy_mj\":" + counter,
                                "\"energy_mj\":" + (counter + 1_000_000_000_000_000L)));
                    }
                    return lines;
                }),
                Expect.analysed().is("data_quality.skipped_values", 1).is("resource_utilization.energy_wh", 6.6667)
                        .mentions("data_quality.problems", "energy counter of GPU 0 jumped")));
        cases.add(new Case("telemetry-energy-2pow64", "energy_mj 2^64", true,
                withTelemetry(set(4, telemetryLine(5).replace("\"energy_mj\":13000000",
                        "\"energy_mj\":18446744073709551616"))),
                Expect.analysed().is("data_quality.malformed_records", 1).is("resource_utilization.energy_wh", 7.5)));
        cases.add(new Case("telemetry-energy-negative", "energy_mj -1", true,
                withTelemetry(set(9, telemetryLine(10).replace("\"energy_mj\":28000000", "\"energy_mj\":-1"))),
                Expect.analysed().is("data_quality.skipped_values", 1).is("resource_utilization.energy_wh", 6.6667)));
        cases.add(new Case("telemetry-power-huge", "power 1e9 W and Infinity", true,
                withTelemetry(lines -> {
                    lines.set(2, telemetryLine(3).replace("\"power_watts\":300", "\"power_watts\":1e9"));
                    lines.set(3, telemetryLine(4).replace("\"power_watts\":300", "\"power_watts\":\"Infinity\""));
                    return lines;
                }),
                baseAnalysed().is("resource_utilization.average_power_watts", 300.0)
                        .is("data_quality.skipped_values", 2)));
        cases.add(new Case("telemetry-temperature-1000", "a temperature of 1000 °C", true,
                withTelemetry(set(2, telemetryLine(3).replace("\"temperature_c\":60", "\"temperature_c\":1000"))),
                baseAnalysed().is("resource_utilization.peak_temperature_c", 60.0)
                        .is("data_quality.skipped_values", 1)));
        cases.add(new Case("telemetry-memory-over-total", "memory used 90,000 of 80,000 MiB", true,
                withTelemetry(set(2, telemetryLine(3).replace("\"memory_used_mb\":40000", "\"memory_used_mb\":90000"))),
                baseAnalysed().is("resource_utilization.peak_gpu_memory_mb", 40000.0).is("alerts", List.of())
                        .is("data_quality.skipped_values", 1)));
        cases.add(new Case("telemetry-reasons-not-array", "clock_event_reasons \"hw_slowdown\" (not a list)", true,
                withTelemetry(set(2, telemetryLine(3).replace("}", ",\"clock_event_reasons\":\"hw_slowdown\"}"))),
                Expect.analysed().is("data_quality.malformed_records", 1)));
        cases.add(new Case("telemetry-duplicate-key", "utilization_percent twice in one sample", true,
                withTelemetry(set(2, telemetryLine(3).replace("}", ",\"utilization_percent\":5}"))),
                Expect.analysed().is("data_quality.malformed_records", 1)
                        .is("resource_utilization.average_gpu_utilization_percent", 90.0)));

        // events.jsonl
        cases.add(new Case("events-garbage", "a line of noise among the events", true,
                withEvents(insert(1, "%%%")),
                baseAnalysed().is("data_quality.malformed_records", 1).is("checkpoints.count", 1)));
        cases.add(new Case("events-no-name", "an event without a name", true,
                withEvents(insert(1, "{\"time\":%d}".formatted(T0 + 5))),
                baseAnalysed().is("data_quality.malformed_records", 1)));
        cases.add(new Case("events-checkpoint-without-name", "checkpoint events without a name, and no checkpoints "
                + "in progress.json", true,
                dir -> write(dir, progress(dir.getFileName().toString(), text -> text.replaceFirst(
                        "\"checkpoints\": \\[.*]", "\"checkpoints\": []")), null, null, List.of(
                        "{\"time\":%d,\"event\":\"started\"}".formatted(T0),
                        "{\"time\":%d,\"event\":\"checkpoint\"}".formatted(T0 + 50),
                        "{\"time\":%d,\"event\":\"checkpoint\",\"name\":null}".formatted(T0 + 60))),
                baseAnalysed().is("checkpoints.count", 0).is("data_quality.malformed_records", 0)));
        cases.add(new Case("events-pause-never-resumed", "paused at 50 s and never resumed", true,
                withEvents(insert(2, "{\"time\":%d,\"event\":\"paused\"}".formatted(T0 + 50))),
                Expect.analysed().is("duration.paused_seconds", 50.0).is("duration.total_seconds", 50.0)));
        cases.add(new Case("events-resume-without-pause", "resumed without a pause before", true,
                withEvents(insert(1, "{\"time\":%d,\"event\":\"resumed\"}".formatted(T0 + 20))),
                baseAnalysed().is("duration.paused_seconds", 0.0)));
        cases.add(new Case("events-duplicate-key", "\"event\" twice in one line", true,
                withEvents(insert(1, "{\"time\":%d,\"event\":\"paused\",\"event\":\"resumed\"}".formatted(T0 + 20))),
                baseAnalysed().is("data_quality.malformed_records", 1).is("duration.paused_seconds", 0.0)));

        // made at test time: special files and large files
        cases.add(new Case("metrics-fifo", "metrics.jsonl is a FIFO (hung the reader)", false,
                base().andThen(dir -> fifo(dir.resolve("metrics.jsonl"))),
                Expect.unreadable("metrics.jsonl is not a regular file but a FIFO")));
        cases.add(new Case("metrics-dev-zero", "metrics.jsonl is a link to /dev/zero (grew the line buffer to "
                + "2.7 GB)", false, base().andThen(dir -> link(dir.resolve("metrics.jsonl"), Path.of("/dev/zero"))),
                Expect.unreadable("metrics.jsonl is not a regular file but a character device")));
        cases.add(new Case("telemetry-fifo", "telemetry.jsonl is a FIFO", false,
                base().andThen(dir -> fifo(dir.resolve("telemetry.jsonl"))),
                Expect.unreadable("telemetry.jsonl is not a regular file but a FIFO")));
        cases.add(new Case("events-dev-zero", "events.jsonl is a link to /dev/zero", false,
                base().andThen(dir -> link(dir.resolve("events.jsonl"), Path.of("/dev/zero"))),
                Expect.unreadable("events.jsonl is not a regular file")));
        cases.add(new Case("progress-fifo", "progress.json is a FIFO", false,
                base().andThen(dir -> fifo(dir.resolve("progress.json"))),
                Expect.notARun("progress.json is not a regular file but a FIFO")));
        cases.add(new Case("progress-dev-zero", "progress.json is a link to /dev/zero", false,
                base().andThen(dir -> link(dir.resolve("progress.json"), Path.of("/dev/zero"))),
                Expect.notARun("progress.json is not a regular file")));
        cases.add(new Case("metrics-directory", "metrics.jsonl is a directory", false,
                base().andThen(dir -> {
                    Files.delete(dir.resolve("metrics.jsonl"));
                    Files.createDirectories(dir.resolve("metrics.jsonl"));
                }), Expect.unreadable("metrics.jsonl is not a regular file but a directory")));
        cases.add(new Case("telemetry-dangling-link", "telemetry.jsonl is a link to nothing: read as missing", false,
                base().andThen(dir -> link(dir.resolve("telemetry.jsonl"), dir.resolve("gone.jsonl"))),
                Expect.analysed().is("resource_utilization.samples", 0).is("resource_utilization.energy_wh", null)));
        cases.add(new Case("progress-too-large", "progress.json of 5 MiB (an unknown field of 5 million characters)",
                false, withProgress(text -> text.replace("\"error\": null,", "\"error\": null,\n  \"blob\": \""
                        + "x".repeat(5 << 20) + "\",")),
                Expect.unreadable("a progress.json may have")));
        cases.add(new Case("metrics-overlong-line", "a line of 2 MiB among the records", false,
                withMetrics(insert(5, "{\"time\":%d,\"note\":\"%s\"}".formatted(T0 + 55, "y".repeat(2 << 20)))),
                baseAnalysed().is("data_quality.malformed_records", 1)
                        .mentions("data_quality.problems", "metrics.jsonl:6: line longer than 1048576 bytes")));
        cases.add(new Case("metrics-zero-filled", "metrics.jsonl is 8 MiB of NUL bytes without a newline", false,
                base().andThen(dir -> Files.write(dir.resolve("metrics.jsonl"), new byte[8 << 20])),
                Expect.analysed().is("data_quality.malformed_records", 1).is("data_quality.metric_records", 0)));
        cases.add(new Case("telemetry-many-gpus", "samples of 1,500 distinct GPU indices", false,
                withTelemetry(lines -> {
                    for (int gpu = 1; gpu < 1500; gpu++) {
                        lines.add("{\"time\":%d,\"gpu\":%d,\"utilization_percent\":90}".formatted(T0 + 10, gpu));
                    }
                    return lines;
                }),
                Expect.analysed().is("resource_utilization.gpu_count", 1024).is("data_quality.skipped_values", 476)));
        cases.add(new Case("events-too-many", "150,000 events (a loop of checkpoint events)", false,
                withEvents(lines -> {
                    List<String> many = new ArrayList<>(lines.subList(0, 2));
                    String note = "{\"time\":%d,\"event\":\"note\"}".formatted(T0 + 60);
                    for (int i = 0; i < 150_000; i++) {
                        many.add(note);
                    }
                    many.addAll(lines.subList(2, lines.size()));
                    return many;
                }), baseAnalysed().is("data_quality.dropped_events", 50_003)));
        cases.add(new Case("metrics-bursty-reads", "a valid run at 2,000 lines/s (true 64,000 samples/s) read in "
                + "bursts every 0.25 s, with spiky per-line rates (average 92,198 and peak 5,162,220 before)", false,
                CorruptedRunCorpus::burstyRun,
                Expect.analysed().near("performance.average_samples_per_second", 64_000, 0.01)
                        .atMost("performance.peak_samples_per_second", 64_000 * 1.1)
                        .is("data_quality.malformed_records", 0)));
        return cases;
    }

    /**
     * 30 s of a trainer printing 2,000 lines/s of 32 samples each (64,000 samples/s), as an agent records it when it
     * reads the output every 0.25 s (±20 ms): the ~500 lines of a burst carry nearly the same time, and the per-line
     * rate derived from those times swings from ~0 to millions.
     */
    static void burstyRun(final Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        Random random = new Random(42);
        double read = T0 + 0.25;
        long samples = 0;
        double previousTime = T0;
        long previousSamples = 0;
        int inBurst = 0;
        for (int line = 1; line <= 60_000; line++) {
            double produced = T0 + line / 2000.0;
            while (produced > read) {
                read += 0.25 + (random.nextDouble() - 0.5) * 0.04;
                inBurst = 0;
            }
            samples += 32;
            // The agent stamps each line as it parses it: microseconds apart within one read.
            double time = read + inBurst++ * 1e-6;
            double rate = time > previousTime ? (samples - previousSamples) / (time - previousTime) : 0;
            previousTime = time;
            previousSamples = samples;
            lines.add(String.format(Locale.ROOT, "{\"time\":%.6f,\"step\":%d,\"loss\":%.4f,\"samples_per_second\":%.1f,"
                    + "\"samples\":%d}", time, line, 2.0 / (1 + line * 1e-3), rate, samples));
        }
        write(dir, progress(dir.getFileName().toString(), text -> text
                .replace("\"ended_at\": \"2026-01-01T00:01:40Z\"", "\"ended_at\": \"2026-01-01T00:00:31Z\"")), lines,
                List.of(), null);
    }

    private static void fifo(final Path file) throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        if (!mkfifo.waitFor(30, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
            throw new IOException("mkfifo " + file + " failed");
        }
    }

    private static void link(final Path file, final Path target) throws IOException {
        Files.deleteIfExists(file);
        Files.createSymbolicLink(file, target);
    }

    /** Writes the committed cases and the README table into a directory (replacing what is there). */
    public static void main(final String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : COMMITTED.toString());
        if (Files.isDirectory(root)) {
            try (var walk = Files.walk(root)) {
                for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(root);
        for (Case one : cases()) {
            if (one.committed()) {
                one.make(root);
            }
        }
        Files.writeString(root.resolve("README.md"), readme(), StandardCharsets.UTF_8);
    }

    /** The README of the corpus: every case, what is damaged, and the answer. */
    static String readme() {
        StringBuilder out = new StringBuilder("""
                # Corrupted run directories

                Generated by `CorruptedRunCorpus` (model tests); do not edit by hand: change the generator and run it
                (see its class comment). `CorruptedRunCorpusTest` checks that these files are what it generates, that
                every case gets the answer below through the public readers and analytics, and that one summary over
                all of them (and the cases made at test time) succeeds, listing the unreadable runs in
                `unreadable_runs` and the damaged ones in `runs_with_data_problems`. Paths in answers are keys of the
                run analytics JSON (docs/analytics.md). Rules: docs/progress-format.md, "Strictness" and "Limits".

                Each case is the base run (10 log lines 10 s apart at 32 samples/s, 10 GPU samples at 90 %% and
                300 W with an energy counter: 7.5 Wh, one checkpoint, completed after 100 s) damaged in one way.
                Cases marked *test time* are special files (FIFOs, links to devices) or megabytes large: the test
                makes them in a temporary directory.

                | case | damage | answer |
                |---|---|---|
                """.replace("%%", "%"));
        for (Case one : cases()) {
            out.append("| `").append(one.name()).append("`").append(one.committed() ? "" : " (test time)")
                    .append(" | ").append(one.damage().replace("|", "\\|")).append(" | ")
                    .append(one.expect().describe().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }
}
