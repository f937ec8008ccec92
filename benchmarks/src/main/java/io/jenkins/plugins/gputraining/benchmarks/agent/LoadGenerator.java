package io.jenkins.plugins.gputraining.benchmarks.agent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bench serve}'s load generator, in a JVM of its own so that the service's JVM does only the service's work.
 * Open loop: request k is due at {@code start + k / rate}, whatever happened to the earlier ones, and its latency is
 * measured from that intended start to the last byte of the response, so a stalled server (or a generator that
 * could not send in time) shows in the latencies instead of silently lowering the rate (no coordinated omission).
 *
 * <p>Schedule: a warm-up of the mix and health, then slices of {@code SLICE} seconds alternating GET /api/health
 * (the baseline: the server's and client's floor) and the mix, until each had {@code SECONDS}. The mix cycles
 * through analytics of a random run, the summary and a comparison of 3 to 5 random runs in the proportions of
 * {@code MIX} ({@code analytics:summary:compare}, e.g. {@code 1:1:1}). At the start of each slice it prints
 * {@code SLICE warmup|health|mix|end} on stdout (the parent notes the service's CPU time there); at the end it writes
 * one line per request to {@code OUT} — {@code phase endpoint latency_ns status bytes lag_ns start_ns} (start: the
 * intended one, from the first request's) — and prints
 * {@code DONE cpu_ns wall_ns} (its own CPU over the measured slices).
 *
 * <pre>java -cp … LoadGenerator BASE_URL IDS_FILE RATE WARMUP SECONDS SLICE MIX CONCURRENCY TIMEOUT OUT</pre>
 */
public final class LoadGenerator {
    /** What a request asks for; the names are the parent's too. */
    enum Endpoint {
        HEALTH, ANALYTICS, SUMMARY, COMPARE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final int WARMUP = 0;
    static final int MEASURED = 1;

    private record Slice(long start, long end, String kind, int phase) {
    }

    private LoadGenerator() {
    }

    public static void main(final String... args) throws Exception {
        if (args.length != 10) {
            System.err.println("usage: LoadGenerator BASE_URL IDS_FILE RATE WARMUP SECONDS SLICE MIX CONCURRENCY "
                    + "TIMEOUT OUT");
            System.exit(2);
        }
        String base = args[0].endsWith("/") ? args[0] : args[0] + "/";
        List<String> ids = Files.readAllLines(Path.of(args[1])).stream().filter(line -> !line.isBlank()).toList();
        double rate = Double.parseDouble(args[2]);
        double warmup = Double.parseDouble(args[3]);
        double seconds = Double.parseDouble(args[4]);
        double slice = Double.parseDouble(args[5]);
        List<Endpoint> mix = mix(args[6]);
        int concurrency = Integer.parseInt(args[7]);
        Duration timeout = Duration.ofMillis(Math.round(Double.parseDouble(args[8]) * 1000));
        Path out = Path.of(args[9]);
        System.exit(run(base, ids, rate, warmup, seconds, slice, mix, concurrency, timeout, out, System.out));
    }

    /** {@code a:s:c} → the cycle of mixed endpoints in those proportions. */
    static List<Endpoint> mix(final String spec) {
        String[] parts = spec.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--mix is analytics:summary:compare, e.g. 1:1:1, not " + spec);
        }
        List<Endpoint> cycle = new ArrayList<>();
        Endpoint[] endpoints = {Endpoint.ANALYTICS, Endpoint.SUMMARY, Endpoint.COMPARE};
        int[] weights = new int[3];
        int max = 0;
        for (int i = 0; i < 3; i++) {
            weights[i] = Integer.parseInt(parts[i].strip());
            if (weights[i] < 0) {
                throw new IllegalArgumentException("--mix weights must not be negative: " + spec);
            }
            max = Math.max(max, weights[i]);
        }
        // Interleaved: 2:1:1 → a s c a, not a a s c.
        for (int round = 0; round < max; round++) {
            for (int i = 0; i < 3; i++) {
                if (round < weights[i]) {
                    cycle.add(endpoints[i]);
                }
            }
        }
        if (cycle.isEmpty()) {
            throw new IllegalArgumentException("--mix needs a positive weight: " + spec);
        }
        return cycle;
    }

    private static List<Slice> slices(final long origin, final double warmup, final double seconds,
                                      final double slice) {
        List<Slice> slices = new ArrayList<>();
        long at = origin;
        if (warmup > 0) {
            long end = at + nanos(warmup);
            slices.add(new Slice(at, end, "warmup", WARMUP));
            at = end;
        }
        double[] left = {seconds, seconds};
        String[] kinds = {"health", "mix"};
        for (int k = 0; left[0] > 1e-9 || left[1] > 1e-9; k++) {
            int which = k % 2;
            double length = Math.min(slice, left[which]);
            if (length <= 1e-9) {
                continue;
            }
            left[which] -= length;
            long end = at + nanos(length);
            slices.add(new Slice(at, end, kinds[which], MEASURED));
            at = end;
        }
        return slices;
    }

    private static long nanos(final double seconds) {
        return Math.round(seconds * 1e9);
    }

    static int run(final String base, final List<String> ids, final double rate, final double warmup,
                   final double seconds, final double slice, final List<Endpoint> mix, final int concurrency,
                   final Duration timeout, final Path out, final PrintStream console)
            throws IOException, InterruptedException {
        ExecutorService executor = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "load-client");
            thread.setDaemon(true);
            return thread;
        });
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI health = URI.create(base + "api/health");
        URI summary = URI.create(base + "api/training/analytics/summary");
        SplittableRandom random = new SplittableRandom(7);
        long period = Math.round(1e9 / rate);
        long origin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        List<Slice> slices = slices(origin, warmup, seconds, slice);
        long finish = slices.get(slices.size() - 1).end();
        int capacity = (int) ((finish - origin) / period) + 2;
        byte[] phases = new byte[capacity];
        byte[] endpoints = new byte[capacity];
        long[] latencies = new long[capacity];
        int[] statuses = new int[capacity];
        int[] sizes = new int[capacity];
        long[] lags = new long[capacity];
        long[] starts = new long[capacity];
        List<CompletableFuture<?>> pending = new ArrayList<>(capacity);
        AtomicInteger failures = new AtomicInteger();
        int mixIndex = 0;
        int warmIndex = 0;
        int current = -1;
        long cpuStart = 0;
        long wallStart = 0;
        int count = 0;
        for (int k = 0; ; k++) {
            long intended = origin + k * period;
            if (intended >= finish) {
                break;
            }
            int sliceIndex = current < 0 ? 0 : current;
            while (intended >= slices.get(sliceIndex).end()) {
                sliceIndex++;
            }
            long wait = intended - System.nanoTime();
            while (wait > 0) {
                LockSupport.parkNanos(wait);
                wait = intended - System.nanoTime();
            }
            Slice now = slices.get(sliceIndex);
            if (sliceIndex != current) {
                if (now.phase() == MEASURED && (current < 0 || slices.get(current).phase() != MEASURED)) {
                    cpuStart = processCpuNanos();
                    wallStart = System.nanoTime();
                }
                current = sliceIndex;
                console.println("SLICE " + now.kind());
                console.flush();
            }
            Endpoint endpoint;
            if (now.kind().equals("health")) {
                endpoint = Endpoint.HEALTH;
            }
            else if (now.kind().equals("mix")) {
                endpoint = mix.get(mixIndex++ % mix.size());
            }
            else {
                int i = warmIndex++ % (mix.size() + 1);
                endpoint = i == mix.size() ? Endpoint.HEALTH : mix.get(i);
            }
            URI uri = switch (endpoint) {
                case HEALTH -> health;
                case SUMMARY -> summary;
                case ANALYTICS -> URI.create(base + "api/training/" + ids.get(random.nextInt(ids.size()))
                        + "/analytics");
                case COMPARE -> URI.create(base + "api/training/analytics/compare?job_ids="
                        + String.join(",", pick(ids, 3 + random.nextInt(3), random)));
            };
            int index = count++;
            phases[index] = (byte) now.phase();
            endpoints[index] = (byte) endpoint.ordinal();
            lags[index] = System.nanoTime() - intended;
            starts[index] = intended - origin;
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            // handle(…) → null: the futures kept until the end must not hold the responses, or the generator's
            // heap fills with them and its collector pauses (measured: 70–100 ms young pauses, which showed as
            // latency spikes of every endpoint at once).
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .handle((response, failure) -> {
                        latencies[index] = System.nanoTime() - intended;
                        if (failure != null) {
                            statuses[index] = -1;
                            if (failures.incrementAndGet() <= 5) {
                                System.err.println("LoadGenerator: " + uri + ": " + failure);
                            }
                        }
                        else {
                            statuses[index] = response.statusCode();
                            sizes[index] = response.body().length;
                            if (response.statusCode() != 200 && failures.incrementAndGet() <= 5) {
                                System.err.println("LoadGenerator: " + uri + ": HTTP " + response.statusCode() + " "
                                        + new String(response.body(), StandardCharsets.UTF_8));
                            }
                        }
                        return null;
                    }));
        }
        long wait = finish - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        long cpu = processCpuNanos() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        console.println("SLICE end");
        console.flush();
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // Each request recorded its own failure; ones still running are written as unanswered below.
        }
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            for (int i = 0; i < count; i++) {
                boolean done = pending.get(i).isDone();
                writer.write(phases[i] + " " + Endpoint.values()[endpoints[i]].label() + " "
                        + (done ? latencies[i] : timeout.toNanos()) + " " + (done ? statuses[i] : -1) + " "
                        + sizes[i] + " " + lags[i] + " " + starts[i] + "\n");
            }
        }
        console.println("DONE " + cpu + " " + wall);
        console.flush();
        executor.shutdownNow();
        return 0;
    }

    private static List<String> pick(final List<String> ids, final int n, final SplittableRandom random) {
        List<String> picked = new ArrayList<>(n);
        int want = Math.min(n, ids.size());
        while (picked.size() < want) {
            String id = ids.get(random.nextInt(ids.size()));
            if (!picked.contains(id)) {
                picked.add(id);
            }
        }
        return picked;
    }

    /** This JVM's CPU time (user + system, all threads), or 0 where the platform does not say. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }
}
