package io.jenkins.plugins.gputraining.benchmarks.agent;

import io.jenkins.plugins.gputraining.benchmarks.BareParse;
import io.jenkins.plugins.gputraining.model.index.RunIndexFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench index}: one huge run (a metrics.jsonl of some GiB) served by the service in a JVM of its own with a
 * small heap (docs/performance.md, "Run index"). Figures, each beside a baseline measured in the same run: the first
 * analytics of a cold service (which builds the run index) against a bare Jackson stream-parse of the same files in a
 * JVM as fresh; then analytics, every chart series and the run list under an open-loop load against GET /api/health
 * at the same rate; a cold service with the index stored; and the run live (a child appending lines at a fixed rate),
 * with the list and analytics under load and the service's CPU per appended line. The service's heap (from its GC
 * log) and peak RSS are reported throughout.
 */
@Command(name = "index", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A huge run served with a small heap: first analytics against a bare parse (target <= 1.3x), "
                + "then analytics, series and list p99 under load (target < 50 ms), cold with the index stored, and "
                + "live (list and analytics p99 < 50 ms, CPU per appended line)."})
public final class IndexBench implements Callable<Integer> {
    static final double TARGET_FIRST_RATIO = 1.3;
    static final double TARGET_P99_MILLIS = 50;
    private static final Pattern HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @Spec
    private CommandSpec spec;

    @Option(names = "--gib", paramLabel = "G", defaultValue = "2",
            description = "Size of metrics.jsonl in GiB (default: ${DEFAULT-VALUE}).")
    private double gib;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "50",
            description = "Requests per second, open loop (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "20",
            description = "Measured seconds of each load, as many of health (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "15",
            description = "Warm-up seconds before each load, not measured (default: ${DEFAULT-VALUE}).")
    private double warmup;

    @Option(names = "--live-rate", paramLabel = "L", defaultValue = "10000",
            description = "Lines per second the live run appends (default: ${DEFAULT-VALUE}).")
    private double liveRate;

    @Option(names = "--service-jvm-options", paramLabel = "OPTIONS", defaultValue = "-Xmx256m -XX:+UseSerialGC",
            description = "JVM options of the service and of the baseline parse (default: ${DEFAULT-VALUE}).")
    private String serviceOptions;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Runs directory for the generated run (default: java.io.tmpdir/gpu-training-bench/index-G).")
    private Path data;

    @Option(names = "--keep-data", description = "Keep the generated run for later runs (it is deleted otherwise).")
    private boolean keepData;

    /** One measured request. */
    private record Sample(String group, double millis, int status) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = (data != null ? data : Path.of(System.getProperty("java.io.tmpdir"), "gpu-training-bench",
                "index-" + trim(gib))).toAbsolutePath();
        Path run = root.resolve(BigRun.ID);
        long bytes = (long) (gib * (1L << 30));
        Path scratch = Files.createTempDirectory("bench-index-");
        String loadBefore = loadAverage();
        try {
            long generating = System.nanoTime();
            long lines = BigRun.ensure(root, bytes);
            err.printf("bench index: %,d metric lines (%.2f GiB) in %s, ready after %.0f s%n", lines,
                    Files.size(run.resolve("metrics.jsonl")) / (double) (1L << 30), run,
                    (System.nanoTime() - generating) / 1e9);
            err.flush();
            Files.deleteIfExists(run.resolve(RunIndexFile.NAME));
            warmFileCache(run);
            double baseline = bareParse(run);
            err.printf("bench index: bare parse %.1f s%n", baseline);
            err.flush();

            Table table = new Table(Table.format("bench index: one run, metrics.jsonl %.2f GiB (%,d lines), served "
                    + "by a service JVM (%s); baselines measured in this run%nload: GET at %s requests/s, open "
                    + "loop (latency from each request's intended start), %s s of the requests against %s s of "
                    + "GET /api/health in 5 s slices, after %s s of warm-up", bytes / (double) (1L << 30), lines,
                    serviceOptions, trim(rate), trim(seconds), trim(seconds), trim(warmup)))
                    .header("measure", "figure", "baseline (same run)", "ratio", "target");
            List<String> notes = new ArrayList<>();

            // Cold service, no index: the first analytics builds it.
            try (Service service = Service.start(serviceOptions, root, scratch.resolve("gc-1.log"))) {
                double first = timeGet(service.url + "api/training/big-run/analytics", Duration.ofMinutes(30));
                table.row("first analytics, cold service, no index (builds and stores it)", seconds(first),
                        "bare parse " + seconds(baseline), Table.ratio(first / baseline),
                        Table.format("≤ %.1f×: %s", TARGET_FIRST_RATIO, Table.verdict(first / baseline
                                <= TARGET_FIRST_RATIO)));
                Map<String, List<Sample>> load = load(service.url, finishedMix(), err);
                rows(table, load, "finished run, index in memory");
                notes.add(service.memory("after the finished-run load"));
            }
            notes.add(Table.format("index stored: %s (%,d bytes)", run.resolve(RunIndexFile.NAME),
                    Files.size(run.resolve(RunIndexFile.NAME))));

            // Cold service, index stored.
            try (Service service = Service.start(serviceOptions, root, scratch.resolve("gc-2.log"))) {
                double first = timeGet(service.url + "api/training/big-run/analytics", Duration.ofMinutes(30));
                double series = timeGet(service.url + "api/training/big-run/series?metric=loss&axis=step&points=1000",
                        Duration.ofMinutes(5));
                double list = timeGet(service.url + "api/training", Duration.ofMinutes(5));
                table.row("first analytics, cold service, index stored", millis(first), "bare parse "
                        + seconds(baseline), Table.ratio(first / baseline), "");
                table.row("then a series (1,000 points), then the list", millis(series) + ", " + millis(list), "",
                        "", "");

                // The run goes live: a child appends lines; the list and analytics are asked for under load.
                byte[] progress = Files.readAllBytes(run.resolve("progress.json"));
                long length = Files.size(run.resolve("metrics.jsonl"));
                Process appender = new ProcessBuilder(Jvm.command("-Xmx64m -XX:+UseSerialGC", IndexBenchAppender.class,
                        List.of(run.toString(), Double.toString(liveRate), Long.toString(lines),
                                Double.toString(BigRun.START + lines * 0.1))))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                try {
                    Thread.sleep(1500);
                    // The service finds the run live: its stored index no longer matches, and the first request
                    // builds the live index in memory (the one full pass); from then on only what is appended is read.
                    double firstLive = timeGet(service.url + "api/training/big-run/analytics", Duration.ofMinutes(30));
                    table.row("first analytics of the run gone live (one full pass, kept in memory)",
                            seconds(firstLive), "bare parse " + seconds(baseline), Table.ratio(firstLive / baseline),
                            "");
                    long cpuBefore = procCpuNanos(service.process.pid());
                    long linesBefore = countAppended(run, length);
                    long wallBefore = System.nanoTime();
                    Map<String, List<Sample>> live = load(service.url, List.of("api/training",
                            "api/training/big-run/analytics"), err);
                    long cpu = procCpuNanos(service.process.pid()) - cpuBefore;
                    long appended = countAppended(run, length) - linesBefore;
                    double wall = (System.nanoTime() - wallBefore) / 1e9;
                    rows(table, live, Table.format("live run, %,.0f lines/s appended", liveRate));
                    table.row("service CPU per appended line, under that load", Table.format("%.2f µs",
                            cpu / 1e3 / Math.max(1, appended)), "", "", Table.format("%,d lines in %.0f s; service "
                            + "%.1f %% of one core", appended, wall, 100.0 * cpu / 1e9 / wall));
                }
                finally {
                    appender.getOutputStream().close();
                    if (!appender.waitFor(30, TimeUnit.SECONDS)) {
                        appender.destroyForcibly();
                    }
                    try (FileChannel metrics = FileChannel.open(run.resolve("metrics.jsonl"),
                            StandardOpenOption.WRITE)) {
                        metrics.truncate(length);
                    }
                    Files.write(run.resolve("progress.json"), progress);
                }
                notes.add(service.memory("after the live load"));
            }
            notes.forEach(table::note);
            table.note("load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAverage() + "; "
                    + Runtime.getRuntime().availableProcessors() + " processors; java "
                    + System.getProperty("java.version"));
            out.print(table);
            out.flush();
            return 0;
        }
        finally {
            OutputBench.deleteTree(scratch);
            if (!keepData) {
                OutputBench.deleteTree(root);
            }
        }
    }

    /** Analytics, every series of the run and the list, in turn. */
    private static List<String> finishedMix() {
        List<String> mix = new ArrayList<>();
        mix.add("api/training/big-run/analytics");
        for (String metric : List.of("loss", "samples_per_second", "learning_rate")) {
            for (String axis : List.of("step", "elapsed_seconds")) {
                mix.add("api/training/big-run/series?metric=" + metric + "&axis=" + axis + "&points=1000");
            }
        }
        for (String metric : List.of("utilization_percent", "memory_used_mb", "temperature_c", "power_watts")) {
            mix.add("api/training/big-run/gpu-series?metric=" + metric + "&points=1000");
        }
        mix.add("api/training");
        return mix;
    }

    private void rows(final Table table, final Map<String, List<Sample>> load, final String phase) {
        double health = p99(load.get("health"));
        for (Map.Entry<String, List<Sample>> group : load.entrySet()) {
            if (group.getKey().equals("health")) {
                continue;
            }
            List<Sample> samples = group.getValue();
            long errors = samples.stream().filter(sample -> sample.status() != 200).count();
            double p99 = p99(samples);
            table.row(Table.format("%s: %s p99 (p50 %s, max %s; %,d requests, %d errors)", phase, group.getKey(),
                    ms(percentile(samples, 50)), ms(percentile(samples, 100)), samples.size(), errors),
                    ms(p99), "health p99 " + ms(health), Table.ratio(p99 / health),
                    Table.format("< %.0f ms: %s", TARGET_P99_MILLIS, Table.verdict(errors == 0
                            && p99 < TARGET_P99_MILLIS)));
        }
    }

    /**
     * Open-loop GETs: request k is due at {@code k / rate} and measured from then; 5 s slices alternate health and
     * the given paths (in turn). Returns the measured samples by group (health, analytics, series, list).
     */
    private Map<String, List<Sample>> load(final String base, final List<String> paths, final PrintWriter err)
            throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long total = Math.round((warmup + 2 * seconds) * rate);
        long warm = Math.round(warmup * rate);
        long origin = System.nanoTime() + 100_000_000L;
        int next = 0;
        for (long k = 0; k < total; k++) {
            long due = origin + (long) (k / rate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            boolean measured = k >= warm;
            long slice = (long) ((k - warm) / rate / 5);
            String path = measured && slice % 2 == 0 ? "api/health" : paths.get(next++ % paths.size());
            String group = group(path);
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .GET().build();
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
                if (measured) {
                    samples.add(new Sample(group, (System.nanoTime() - due) / 1e6,
                            failure == null ? response.statusCode() : -1));
                }
                return null;
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).orTimeout(2, TimeUnit.MINUTES)
                .exceptionally(failure -> null).join();
        Map<String, List<Sample>> byGroup = new LinkedHashMap<>();
        for (String group : List.of("health", "analytics", "series", "list")) {
            List<Sample> of = samples.stream().filter(sample -> sample.group().equals(group)).toList();
            if (!of.isEmpty()) {
                byGroup.put(group, of);
            }
        }
        err.printf("bench index: %,d requests measured%n", samples.size());
        err.flush();
        return byGroup;
    }

    private static String group(final String path) {
        if (path.equals("api/health")) {
            return "health";
        }
        if (path.equals("api/training")) {
            return "list";
        }
        return path.contains("series") ? "series" : "analytics";
    }

    private static double p99(final List<Sample> samples) {
        return percentile(samples, 99);
    }

    private static double percentile(final List<Sample> samples, final double percent) {
        if (samples == null || samples.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = samples.stream().mapToDouble(Sample::millis).sorted().toArray();
        return Stats.percentile(sorted, percent);
    }

    /** The service in a child JVM, with a GC log; closing its input stops it. */
    private static final class Service implements AutoCloseable {
        private final Process process;
        private final String url;
        private final Path gcLog;

        private Service(final Process process, final String url, final Path gcLog) {
            this.process = process;
            this.url = url;
            this.gcLog = gcLog;
        }

        static Service start(final String options, final Path root, final Path gcLog) throws IOException {
            Process process = new ProcessBuilder(Jvm.command(options + " -Xlog:gc:file=" + gcLog,
                    IndexBenchServer.class, List.of(root.toString())))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = lines.readLine();
            if (line == null || !line.startsWith("URL ")) {
                process.destroyForcibly();
                throw new IOException("the service did not start: " + line);
            }
            return new Service(process, line.substring(4).strip(), gcLog);
        }

        /** Heap before and after collections (from the GC log) and peak RSS, so far. */
        String memory(final String when) throws IOException {
            int before = 0;
            int after = 0;
            int capacity = 0;
            if (Files.exists(gcLog)) {
                for (String line : Files.readAllLines(gcLog)) {
                    Matcher heap = HEAP.matcher(line);
                    if (heap.find()) {
                        before = Math.max(before, Integer.parseInt(heap.group(1)));
                        after = Math.max(after, Integer.parseInt(heap.group(2)));
                        capacity = Math.max(capacity, Integer.parseInt(heap.group(3)));
                    }
                }
            }
            String rss = ProcStatus.of(process.pid()).map(status -> Table.format("peak RSS %.0f MiB",
                    status.peakRssMib())).orElse("RSS unknown");
            return Table.format("service memory %s: heap at most %d MiB before a collection, %d MiB after (the "
                    + "live set), heap capacity at most %d MiB; %s; alive: %s (no OutOfMemoryError)", when, before,
                    after, capacity, rss, process.isAlive());
        }

        @Override
        public void close() throws IOException, InterruptedException {
            try (OutputStream input = process.getOutputStream()) {
                input.flush();
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private double bareParse(final Path run) throws IOException, InterruptedException {
        Process parse = new ProcessBuilder(Jvm.command(serviceOptions, BareParse.class,
                List.of(run.resolve("metrics.jsonl").toString(), run.resolve("telemetry.jsonl").toString())))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(parse.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!parse.waitFor(30, TimeUnit.MINUTES) || parse.exitValue() != 0 || !output.startsWith("NANOS ")) {
            throw new IOException("the baseline parse failed: " + output);
        }
        return Long.parseLong(output.split("\\s+")[1]) / 1e9;
    }

    /** Reads the run's files once, so that the first measured reads find them in the operating system's cache. */
    private static void warmFileCache(final Path run) throws IOException {
        byte[] buffer = new byte[1 << 20];
        for (String name : List.of("metrics.jsonl", "telemetry.jsonl", "events.jsonl", "progress.json")) {
            try (InputStream in = Files.newInputStream(run.resolve(name))) {
                while (in.read(buffer) >= 0) {
                    // Only reading.
                }
            }
        }
    }

    private static double timeGet(final String url, final Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return elapsed;
    }

    /** Lines appended since the file had {@code length} bytes (counted from the bytes, at ~60 bytes a line). */
    private static long countAppended(final Path run, final long length) throws IOException {
        long lines = 0;
        try (FileChannel channel = FileChannel.open(run.resolve("metrics.jsonl"), StandardOpenOption.READ)) {
            channel.position(length);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 20);
            while (channel.read(buffer) > 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    if (buffer.get() == '\n') {
                        lines++;
                    }
                }
                buffer.clear();
            }
        }
        return lines;
    }

    /** CPU time of a child process (user + system) from /proc/PID/stat, in nanoseconds; 0 off Linux. */
    private static long procCpuNanos(final long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10_000_000L;
        }
        catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String seconds(final double value) {
        return Table.format("%.1f s", value);
    }

    private static String ms(final double millis) {
        return Table.format("%.1f ms", millis);
    }

    private static String millis(final double seconds) {
        return Table.format("%.1f ms", seconds * 1000);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        }
        catch (IOException e) {
            return "unknown";
        }
    }

    private static String trim(final double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
