package io.jenkins.plugins.gputraining.benchmarks.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.agent.server.ServerConfig;
import io.jenkins.plugins.gputraining.agent.server.TrainingServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench serve}: the HTTP service ({@link TrainingServer}, in this JVM) under load. N finished runs in a runs
 * directory (generated once with the model's writer, then reused); a load generator in a child JVM sends GETs on
 * loopback at a fixed rate, open loop, alternating slices of the mix (analytics of a run, the summary, a comparison
 * of 3–5 runs) and of GET /api/health, the same-run baseline of what the server and the client cost at that rate
 * anyway. Then the WebSocket stream: one live run (a child JVM writing it at a training's pace), the service's CPU
 * with no client and with N clients (another child JVM), so that this JVM's CPU time is the service's alone.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The HTTP service under load: p99 of analytics, summary and compare at a fixed rate against "
                + "GET /api/health (target: < 50 ms each), and the CPU that N WebSocket clients of one live run add "
                + "(target: < 5 %% of one core)."})
public final class ServeBench implements Callable<Integer> {
    static final double TARGET_P99_MILLIS = 50;
    static final double TARGET_WS_CPU_PERCENT = 5;
    static final String LIVE_RUN = "bench-live-run";
    /** The live run's pace: as a training logging 10 steps/s on 8 GPUs sampled every second. */
    static final int LIVE_METRICS_PER_SECOND = 10;
    static final int LIVE_GPUS = 8;
    static final double LIVE_SAMPLE_SECONDS = 1;
    static final double LIVE_HEARTBEAT_SECONDS = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1000",
            description = "Finished runs in the runs directory (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "200",
            description = "Requests per second, open loop (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "30",
            description = "Measured seconds of the mix, and as many of health (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "10",
            description = "Warm-up seconds at the same rate, not measured (default: ${DEFAULT-VALUE}).")
    private double warmup;

    @Option(names = "--slice", paramLabel = "S", defaultValue = "5",
            description = "Health and the mix alternate in slices this long, so drift hits both (default: "
                    + "${DEFAULT-VALUE}).")
    private double slice;

    @Option(names = "--mix", paramLabel = "A:S:C", defaultValue = "1:1:1",
            description = "Shares of analytics, summary and compare in the mix (default: ${DEFAULT-VALUE}).")
    private String mix;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "Threads of the load generator's HTTP client (default: ${DEFAULT-VALUE}); requests are "
                    + "sent asynchronously, so this does not cap requests in flight.")
    private int concurrency;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "30",
            description = "A request not answered in this long is an error (default: ${DEFAULT-VALUE}).")
    private double timeout;

    @Option(names = "--ws-clients", paramLabel = "N", defaultValue = "100",
            description = "WebSocket clients of the live run (default: ${DEFAULT-VALUE}; 0: skip the stream part). "
                    + "The service's cap on one run's clients (50 by default) is raised to this many for the bench.")
    private int wsClients;

    @Option(names = "--ws-seconds", paramLabel = "S", defaultValue = "20",
            description = "Seconds measured with no client and with the clients (default: ${DEFAULT-VALUE}).")
    private double wsSeconds;

    @Option(names = "--ws-warmup", paramLabel = "S", defaultValue = "10",
            description = "Seconds the clients stream before the measurement starts (default: ${DEFAULT-VALUE}).")
    private double wsWarmup;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Where the generated runs are kept and reused (default: java.io.tmpdir/gpu-training-bench/"
                    + "serve-N); an existing directory must be one this command made, or empty.")
    private Path data;

    @Option(names = "--requests", paramLabel = "FILE",
            description = "Also write every request of the load to FILE, a line each: phase (0 warm-up, 1 measured), "
                    + "endpoint, latency ns, HTTP status (-1: failed), bytes, ns sent late, intended start ns.")
    private Path requests;

    @Option(names = "--child-jvm-options", paramLabel = "OPTIONS", defaultValue = "-XX:+UseSerialGC -Xmx256m",
            description = "JVM options of the load generator, the WebSocket clients and the live run's writer "
                    + "(default: ${DEFAULT-VALUE}).")
    private String childJvmOptions;

    /** The latencies of one endpoint in the measured slices. */
    private record Latencies(String endpoint, int count, int errors, double[] sortedMillis, long bytes,
                             double[] sortedLagMillis) {
        double percentile(final double percent) {
            return sortedMillis.length == 0 ? Double.NaN : Stats.percentile(sortedMillis, percent);
        }

        double max() {
            return sortedMillis.length == 0 ? Double.NaN : sortedMillis[sortedMillis.length - 1];
        }
    }

    /** CPU time of this JVM (the service) and wall time, summed over the slices of one kind. */
    private static final class CpuShare {
        private long cpu;
        private long wall;

        double percent() {
            return wall == 0 ? Double.NaN : 100.0 * cpu / wall;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (runs < 5 || rate <= 0 || seconds <= 0 || warmup < 0 || slice <= 0 || concurrency < 1 || timeout <= 0
                || wsClients < 0 || wsSeconds <= 0 || wsWarmup < 0) {
            err.println("--runs must be at least 5, --rate, --seconds, --slice, --timeout, --ws-seconds and "
                    + "--concurrency positive, --warmup, --ws-warmup and --ws-clients not negative");
            err.flush();
            return 2;
        }
        try {
            LoadGenerator.mix(mix);
        }
        catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        String loadBefore = loadAverage();
        Path root = data != null ? data.toAbsolutePath() : ServeData.defaultDirectory(runs);
        long generating = System.nanoTime();
        boolean generated;
        try {
            OutputBench.deleteTree(root.resolve(LIVE_RUN)); // left by an interrupted run
            generated = ServeData.ensure(root, runs);
        }
        catch (IOException e) {
            err.println("bench serve: " + e.getMessage());
            err.flush();
            return 2;
        }
        String dataNote = generated
                ? Table.format("generated in %.1f s (kept for later runs)", (System.nanoTime() - generating) / 1e9)
                : "reused";
        err.printf("bench serve: %,d runs in %s (%s)%n", runs, root, dataNote);
        err.flush();
        Path scratch = Files.createTempDirectory("bench-serve-");
        try (TrainingServer server = TrainingServer.start(ServerConfig.builder(root).port(0)
                .streamClientsPerRun(Math.max(ServerConfig.DEFAULT_STREAM_CLIENTS_PER_RUN, wsClients)).build())) {
            List<String> problems = new ArrayList<>();
            double coldSummary = coldSummary(server, problems);
            err.printf("bench serve: serving at %s; cold summary %.2f s; load for %.0f s …%n", server.url(),
                    coldSummary, warmup + 2 * seconds);
            err.flush();
            out.print(load(server, root, scratch, dataNote, coldSummary, problems, err));
            out.flush();
            if (wsClients > 0) {
                out.println();
                out.print(stream(server, root, err));
                out.flush();
            }
            out.println();
            out.println("load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAverage() + "; "
                    + Runtime.getRuntime().availableProcessors() + " processors");
            out.flush();
            return 0;
        }
        finally {
            OutputBench.deleteTree(root.resolve(LIVE_RUN));
            OutputBench.deleteTree(scratch);
        }
    }

    /** The first summary of a fresh service: every run analysed (in parallel), nothing cached yet. */
    private double coldSummary(final TrainingServer server, final List<String> problems)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "api/training/analytics/summary"))
                .timeout(Duration.ofMinutes(5)).GET().build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200) {
            problems.add("the cold summary answered " + response.statusCode() + ": " + response.body());
            return elapsed;
        }
        JsonNode summary = new ObjectMapper().readTree(response.body());
        int total = summary.path("total_jobs").asInt(-1);
        if (total != runs) {
            problems.add("the summary counted " + total + " runs, not " + runs);
        }
        if (summary.path("unreadable_runs").size() > 0) {
            problems.add("the summary found unreadable runs: " + summary.path("unreadable_runs"));
        }
        return elapsed;
    }

    private String load(final TrainingServer server, final Path root, final Path scratch, final String dataNote,
                        final double coldSummary, final List<String> problems, final PrintWriter err)
            throws IOException, InterruptedException {
        Path ids = scratch.resolve("ids.txt");
        Files.write(ids, ServeData.ids(runs));
        Path results = scratch.resolve("requests.txt");
        List<String> command = Jvm.command(childJvmOptions, LoadGenerator.class, List.of(server.url(),
                ids.toString(), Double.toString(rate), Double.toString(warmup), Double.toString(seconds),
                Double.toString(slice), mix, Integer.toString(concurrency), Double.toString(timeout),
                results.toString()));
        Process generator = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Map<String, CpuShare> cpu = new LinkedHashMap<>();
        String kind = null;
        long cpuMark = 0;
        long wallMark = 0;
        long generatorCpu = 0;
        long generatorWall = 0;
        ThreadCpu threadsAtStart = null;
        ThreadCpu threadsAtEnd = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(generator.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("SLICE ")) {
                    long cpuNow = LoadGenerator.processCpuNanos();
                    long wallNow = System.nanoTime();
                    if (kind != null) {
                        CpuShare share = cpu.computeIfAbsent(kind, k -> new CpuShare());
                        share.cpu += cpuNow - cpuMark;
                        share.wall += wallNow - wallMark;
                    }
                    kind = line.substring(6).strip();
                    if (threadsAtStart == null && !kind.equals("warmup")) {
                        threadsAtStart = ThreadCpu.now();
                    }
                    if (kind.equals("end")) {
                        threadsAtEnd = ThreadCpu.now();
                    }
                    cpuMark = cpuNow;
                    wallMark = wallNow;
                }
                else if (line.startsWith("DONE ")) {
                    String[] fields = line.split(" ");
                    generatorCpu = Long.parseLong(fields[1]);
                    generatorWall = Long.parseLong(fields[2]);
                }
            }
        }
        if (!generator.waitFor(2, TimeUnit.MINUTES)) {
            generator.destroyForcibly();
            throw new IOException("the load generator did not finish");
        }
        if (generator.exitValue() != 0 || !Files.exists(results)) {
            throw new IOException("the load generator exited with " + generator.exitValue() + ": " + command);
        }
        if (requests != null) {
            Files.copy(results, requests, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Map<LoadGenerator.Endpoint, Latencies> latencies = latencies(results);
        Latencies health = latencies.get(LoadGenerator.Endpoint.HEALTH);
        Latencies mixed = mixed(latencies);
        double healthP99 = health.percentile(99);

        Table table = new Table(Table.format("bench serve: GET at %s requests/s on loopback, open loop (latency from "
                        + "each request's intended start to its last byte), %s s of health and %s s of the mix "
                        + "alternating in %s s slices, after a %s s warm-up%n%,d finished runs in %s (%s); mix "
                        + "analytics:summary:compare = %s; compare of 3–5 random runs%nservice: this JVM; load "
                        + "generator: a child JVM (%s)", trim(rate), trim(seconds), trim(seconds), trim(slice),
                trim(warmup), runs, root, dataNote, mix, childJvmOptions))
                .header("GET", "requests", "errors", "p50", "p90", "p99", "max", "req/s", "p99 / health",
                        "p99 < 50 ms");
        table.row(row("/api/health (baseline)", health, healthP99, false));
        table.row(row("/api/training/{id}/analytics", latencies.get(LoadGenerator.Endpoint.ANALYTICS), healthP99,
                true));
        table.row(row("/api/training/analytics/summary", latencies.get(LoadGenerator.Endpoint.SUMMARY), healthP99,
                true));
        table.row(row("/api/training/analytics/compare", latencies.get(LoadGenerator.Endpoint.COMPARE), healthP99,
                true));
        table.row(row("the mix, all three", mixed, healthP99, false));
        for (LoadGenerator.Endpoint endpoint : List.of(LoadGenerator.Endpoint.ANALYTICS,
                LoadGenerator.Endpoint.SUMMARY, LoadGenerator.Endpoint.COMPARE)) {
            Latencies figures = latencies.get(endpoint);
            if (figures.count() == 0) {
                continue;
            }
            double p99 = figures.percentile(99);
            table.note(Table.format("result: %s p99 %.1f ms (health %.1f ms, %s), target < %.0f ms: %s",
                    endpoint.label(), p99, healthP99, Table.ratio(p99 / healthP99), TARGET_P99_MILLIS,
                    Table.verdict(figures.errors() == 0 && p99 < TARGET_P99_MILLIS)));
        }
        table.note(Table.format("cold first summary (a fresh service analyses all %,d runs): %.2f s, not part of "
                + "the figures above (the warm-up follows it)", runs, coldSummary));
        CpuShare healthCpu = cpu.getOrDefault("health", new CpuShare());
        CpuShare mixCpu = cpu.getOrDefault("mix", new CpuShare());
        table.note(Table.format("service CPU (this JVM), %% of one core: %.1f %% during health, %.1f %% during the "
                + "mix; load generator: %.1f %% (of %d processors)", healthCpu.percent(), mixCpu.percent(),
                generatorWall == 0 ? Double.NaN : 100.0 * generatorCpu / generatorWall,
                Runtime.getRuntime().availableProcessors()));
        if (threadsAtStart != null && threadsAtEnd != null) {
            table.note("service CPU by thread over the measured slices: " + threadsAtEnd.since(threadsAtStart, 6));
        }
        table.note(Table.format("responses, mean size: analytics %s, summary %s, compare %s; generator sent late "
                        + "(p99 / max): %.2f / %.2f ms", size(latencies.get(LoadGenerator.Endpoint.ANALYTICS)),
                size(latencies.get(LoadGenerator.Endpoint.SUMMARY)),
                size(latencies.get(LoadGenerator.Endpoint.COMPARE)), lag(latencies, 99), lag(latencies, 100)));
        problems.forEach(problem -> table.note("PROBLEM: " + problem));
        return table.toString();
    }

    private String[] row(final String label, final Latencies figures, final double healthP99,
                         final boolean judged) {
        if (figures == null || figures.count() == 0) {
            return new String[] {label, "0", "0", "—", "—", "—", "—", "—", "—", "—"};
        }
        double p99 = figures.percentile(99);
        return new String[] {label, Table.format("%,d", figures.count()), Table.format("%,d", figures.errors()),
                millis(figures.percentile(50)), millis(figures.percentile(90)), millis(p99), millis(figures.max()),
                Table.format("%.1f", (figures.count() - figures.errors()) / seconds),
                label.contains("baseline") ? "1.000×" : Table.ratio(p99 / healthP99),
                judged ? Table.verdict(figures.errors() == 0 && p99 < TARGET_P99_MILLIS) : ""};
    }

    /** Measured requests by endpoint (every endpoint present, possibly empty). */
    private static Map<LoadGenerator.Endpoint, Latencies> latencies(final Path results) throws IOException {
        Map<LoadGenerator.Endpoint, List<String[]>> byEndpoint = new EnumMap<>(LoadGenerator.Endpoint.class);
        for (LoadGenerator.Endpoint endpoint : LoadGenerator.Endpoint.values()) {
            byEndpoint.put(endpoint, new ArrayList<>());
        }
        for (String line : Files.readAllLines(results)) {
            String[] fields = line.split(" ");
            if (fields.length == 7 && Integer.parseInt(fields[0]) == LoadGenerator.MEASURED) {
                byEndpoint.get(LoadGenerator.Endpoint.valueOf(fields[1].toUpperCase(java.util.Locale.ROOT)))
                        .add(fields);
            }
        }
        Map<LoadGenerator.Endpoint, Latencies> latencies = new EnumMap<>(LoadGenerator.Endpoint.class);
        byEndpoint.forEach((endpoint, lines) -> latencies.put(endpoint, latencies(endpoint.label(), lines)));
        return latencies;
    }

    private static Latencies latencies(final String label, final List<String[]> lines) {
        int errors = 0;
        long bytes = 0;
        double[] ok = new double[lines.size()];
        double[] lags = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i);
            lags[i] = Long.parseLong(fields[5]) / 1e6;
            if (Integer.parseInt(fields[3]) != 200) {
                errors++;
                continue;
            }
            ok[n++] = Long.parseLong(fields[2]) / 1e6;
            bytes += Long.parseLong(fields[4]);
        }
        double[] sorted = java.util.Arrays.copyOf(ok, n);
        java.util.Arrays.sort(sorted);
        java.util.Arrays.sort(lags);
        return new Latencies(label, lines.size(), errors, sorted, bytes, lags);
    }

    private static Latencies mixed(final Map<LoadGenerator.Endpoint, Latencies> latencies) {
        List<Latencies> parts = List.of(latencies.get(LoadGenerator.Endpoint.ANALYTICS),
                latencies.get(LoadGenerator.Endpoint.SUMMARY), latencies.get(LoadGenerator.Endpoint.COMPARE));
        int count = 0;
        int errors = 0;
        long bytes = 0;
        List<Double> all = new ArrayList<>();
        for (Latencies part : parts) {
            count += part.count();
            errors += part.errors();
            bytes += part.bytes();
            for (double value : part.sortedMillis()) {
                all.add(value);
            }
        }
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Latencies("mix", count, errors, sorted, bytes, new double[0]);
    }

    private static String size(final Latencies figures) {
        int ok = figures.count() - figures.errors();
        if (ok == 0) {
            return "—";
        }
        double mean = (double) figures.bytes() / ok;
        return mean < 10_000 ? Table.format("%.0f B", mean) : Table.format("%.1f KB", mean / 1000);
    }

    private static double lag(final Map<LoadGenerator.Endpoint, Latencies> latencies, final double percent) {
        List<Double> all = new ArrayList<>();
        for (Latencies figures : latencies.values()) {
            for (double value : figures.sortedLagMillis()) {
                all.add(value);
            }
        }
        if (all.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return Stats.percentile(sorted, percent);
    }

    /** What one phase of WebSocket clients measured: the service's CPU over the window, and the clients' report. */
    private record ClientsPhase(int clients, long cpu, long wall, double connectSeconds, long messages, long bytes,
                                long minPerClient, long maxPerClient, int closed, int errors, long clientCpu,
                                long clientWall, String types, TrainingServer.StreamStats stats,
                                String threads, double compilerSeconds) {
        double percent() {
            return 100.0 * cpu / wall;
        }

        boolean failed() {
            return closed > 0 || errors > 0 || minPerClient == 0;
        }
    }

    /**
     * The stream part: one live run, the service's CPU with no client, with one (the run's watcher and one client)
     * and with N clients.
     */
    private String stream(final TrainingServer server, final Path root, final PrintWriter err)
            throws IOException, InterruptedException {
        Path live = root.resolve(LIVE_RUN);
        Process writer = new ProcessBuilder(Jvm.command(childJvmOptions, LiveRunWriter.class, List.of(
                live.toString(), Integer.toString(LIVE_METRICS_PER_SECOND), Integer.toString(LIVE_GPUS),
                Double.toString(LIVE_SAMPLE_SECONDS), Double.toString(LIVE_HEARTBEAT_SECONDS))))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        OutputStream writerStdin = writer.getOutputStream();
        try {
            BufferedReader writerOut = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8));
            String ready = writerOut.readLine();
            if (!"READY".equals(ready)) {
                throw new IOException("the live run's writer did not start (it said " + ready + ")");
            }
            double settled = settle();
            err.printf("bench serve: live run %s; the service settled in %.0f s; with no stream client for %s s …%n",
                    LIVE_RUN, settled, trim(wsSeconds));
            err.flush();
            ThreadCpu threads0 = ThreadCpu.now();
            long cpu0 = LoadGenerator.processCpuNanos();
            long wall0 = System.nanoTime();
            Thread.sleep(Math.round(wsSeconds * 1000));
            long idleCpu = LoadGenerator.processCpuNanos() - cpu0;
            long idleWall = System.nanoTime() - wall0;
            ThreadCpu threads1 = ThreadCpu.now();
            String idleThreads = threads1.since(threads0, 4);
            double idleCompiler = threads1.compilerSecondsSince(threads0);
            String url = "ws" + server.url().substring("http".length()) + "api/training/" + LIVE_RUN + "/stream";
            ClientsPhase one = wsClients > 1 ? clients(server, url, 1, err) : null;
            ClientsPhase all = clients(server, url, wsClients, err);
            return streamTable(idleCpu, idleWall, idleThreads, idleCompiler, settled, one, all);
        }
        finally {
            writerStdin.close();
            if (!writer.waitFor(10, TimeUnit.SECONDS)) {
                writer.destroyForcibly();
                writer.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Waits until the service is idle (under 2 % of one core over a second), at most a minute: requests of the load
     * that the generator gave up on may still be running. Returns the seconds waited.
     */
    private static double settle() throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(2000); // the writer's JVM starts; GC and JIT after the load end
        while (System.nanoTime() - start < TimeUnit.MINUTES.toNanos(1)) {
            long cpu = LoadGenerator.processCpuNanos();
            long wall = System.nanoTime();
            Thread.sleep(1000);
            double percent = 100.0 * (LoadGenerator.processCpuNanos() - cpu) / (System.nanoTime() - wall);
            if (percent < 2) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** N clients in a child JVM: connected, warmed up, then measured for --ws-seconds. */
    private ClientsPhase clients(final TrainingServer server, final String url, final int n, final PrintWriter err)
            throws IOException, InterruptedException {
        err.printf("bench serve: … with %d client%s for %s s (after %s s of warm-up) …%n", n, n == 1 ? "" : "s",
                trim(wsSeconds), trim(wsWarmup));
        err.flush();
        List<String> command = Jvm.command(childJvmOptions, WsClients.class, List.of(Integer.toString(n), url,
                Double.toString(wsWarmup), Double.toString(wsSeconds)));
        Process clients = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        long connectStart = System.nanoTime();
        long cpu = 0;
        long wall = 0;
        long cpuMark = 0;
        long wallMark = 0;
        double connectSeconds = Double.NaN;
        String done = null;
        TrainingServer.StreamStats stats = null;
        ThreadCpu threadsMark = null;
        String threads = "";
        double compiler = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(clients.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals("CONNECTED")) {
                    connectSeconds = (System.nanoTime() - connectStart) / 1e9;
                }
                else if (line.equals("READY")) {
                    threadsMark = ThreadCpu.now();
                    cpuMark = LoadGenerator.processCpuNanos();
                    wallMark = System.nanoTime();
                }
                else if (line.startsWith("DONE ")) {
                    cpu = LoadGenerator.processCpuNanos() - cpuMark;
                    wall = System.nanoTime() - wallMark;
                    stats = server.streamStats();
                    done = line;
                    ThreadCpu threadsNow = ThreadCpu.now();
                    threads = threadsMark == null ? "" : threadsNow.since(threadsMark, 5);
                    compiler = threadsMark == null ? 0 : threadsNow.compilerSecondsSince(threadsMark);
                }
            }
        }
        if (!clients.waitFor(1, TimeUnit.MINUTES)) {
            clients.destroyForcibly();
            clients.waitFor(10, TimeUnit.SECONDS);
        }
        if (done == null) {
            throw new IOException("the WebSocket clients did not finish (exit " + clients.exitValue() + "): "
                    + command);
        }
        // DONE messages bytes min max closed errors cpu wall types
        String[] fields = done.split(" ");
        ClientsPhase phase = new ClientsPhase(n, cpu, wall, connectSeconds, Long.parseLong(fields[1]),
                Long.parseLong(fields[2]), Long.parseLong(fields[3]), Long.parseLong(fields[4]),
                Integer.parseInt(fields[5]), Integer.parseInt(fields[6]), Long.parseLong(fields[7]),
                Long.parseLong(fields[8]), fields.length > 9 ? fields[9] : "-", stats, threads,
                compiler);
        waitForDisconnect(server);
        return phase;
    }

    /** Until the service has seen the clients go (at most 10 s), so that the next phase starts clean. */
    private static void waitForDisconnect(final TrainingServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.streamStats().clients() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private String streamTable(final long idleCpu, final long idleWall, final String idleThreads,
                               final double idleCompiler, final double settled, final ClientsPhase one,
                               final ClientsPhase all) {
        double idle = 100.0 * idleCpu / idleWall;
        double added = all.percent() - idle;
        Table table = new Table(Table.format("bench serve: WebSocket stream of one live run (%d metric lines/s, %d "
                        + "GPUs sampled every %s s, progress.json every %s s, written by a child JVM), %s s each"
                        + " (the clients' after %s s of streaming)%nservice: this JVM, its CPU time (all threads: "
                        + "Jetty, the run's watcher, GC, JIT); clients: a child JVM", LIVE_METRICS_PER_SECOND,
                LIVE_GPUS, trim(LIVE_SAMPLE_SECONDS), trim(LIVE_HEARTBEAT_SECONDS), trim(wsSeconds),
                trim(wsWarmup)))
                .header("phase", "service CPU", "wall", "% of one core", "added", "messages", "msgs/s",
                        "per client")
                .row("no client (baseline)", Table.format("%.3f s", idleCpu / 1e9),
                        Table.format("%.1f s", idleWall / 1e9), Table.format("%.2f %%", idle), "", "0", "0", "—");
        for (ClientsPhase phase : new ClientsPhase[] {one, all}) {
            if (phase == null) {
                continue;
            }
            table.row(Table.format("%d client%s", phase.clients(), phase.clients() == 1 ? "" : "s"),
                    Table.format("%.3f s", phase.cpu() / 1e9), Table.format("%.1f s", phase.wall() / 1e9),
                    Table.format("%.2f %%", phase.percent()), Table.format("%+.2f %%", phase.percent() - idle),
                    Table.format("%,d", phase.messages()), Table.format("%,.0f", phase.messages()
                            / (phase.wall() / 1e9)),
                    phase.minPerClient() == phase.maxPerClient() ? Long.toString(phase.minPerClient())
                            : phase.minPerClient() + "–" + phase.maxPerClient());
        }
        table.note(Table.format("result: %d clients add %.2f %% of one core to the service, target < %.0f %%: %s",
                wsClients, added, TARGET_WS_CPU_PERCENT, Table.verdict(added < TARGET_WS_CPU_PERCENT
                        && !all.failed())));
        double withoutJit = 100.0 * ((all.cpu() / 1e9 - all.compilerSeconds()) / (all.wall() / 1e9)
                - (idleCpu / 1e9 - idleCompiler) / (idleWall / 1e9));
        table.note(Table.format("of that, the JIT compiling the streaming code (compiler threads: %.2f s with the "
                + "clients, %.2f s without): the clients add %.2f %% of one core without it, the steady state of a "
                + "service that has run a while", all.compilerSeconds(), idleCompiler, withoutJit));
        if (one != null && all.messages() > 0) {
            double perMessage = (all.cpu() - one.cpu() * (double) all.wall() / one.wall())
                    / (all.messages() - one.messages() * (double) all.wall() / one.wall());
            table.note(Table.format("cost per message per client beyond the first: %.1f µs of service CPU (the "
                    + "watcher and the first client: %+.2f %% of one core)", perMessage / 1e3, one.percent() - idle));
        }
        table.note(Table.format("received %,.1f KB/s in all; by type: %s; all %d clients connected and had their "
                        + "snapshot in %.2f s; the clients' own CPU (not counted above): %.1f %% of one core",
                all.bytes() / 1000.0 / (all.clientWall() / 1e9), all.types(), all.clients(), all.connectSeconds(),
                100.0 * all.clientCpu() / all.clientWall()));
        if (all.stats() != null) {
            table.note(Table.format("service's stream stats at the end: %d watched run(s), %d clients, %d dropped "
                    + "for falling behind", all.stats().watchedRuns(), all.stats().clients(),
                    all.stats().droppedClients()));
        }
        table.note("service CPU by thread, no client: " + idleThreads);
        for (ClientsPhase phase : new ClientsPhase[] {one, all}) {
            if (phase != null) {
                table.note(Table.format("service CPU by thread, %d client%s: %s", phase.clients(),
                        phase.clients() == 1 ? "" : "s", phase.threads()));
            }
        }
        table.note(Table.format("the service was idle (< 2 %% of one core) %.0f s after the HTTP load; the baseline "
                + "was measured then", settled));
        table.note("the training agent (run) is unaffected by design: the service tails the run's files; the agent "
                + "does not know about stream clients, so its CPU does not depend on them (not measured)");
        for (ClientsPhase phase : new ClientsPhase[] {one, all}) {
            if (phase != null && phase.failed()) {
                table.note(Table.format("PROBLEM: with %d clients: %d closed by the service, %d errors, %d "
                        + "messages for the slowest client", phase.clients(), phase.closed(), phase.errors(),
                        phase.minPerClient()));
            }
        }
        return table.toString();
    }

    private static String millis(final double value) {
        return Double.isNaN(value) ? "—" : Table.format("%.2f ms", value);
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        }
        catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String trim(final double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
