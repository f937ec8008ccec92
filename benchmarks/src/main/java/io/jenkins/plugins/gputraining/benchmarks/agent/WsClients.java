package io.jenkins.plugins.gputraining.benchmarks.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code bench serve}'s WebSocket clients, in a JVM of their own so that the service's JVM does only the service's
 * work: N clients of one run's stream, each reading every message as a dashboard would. Once every client has its
 * snapshot, and WARMUP seconds more have passed (the service compiles its streaming code meanwhile), it prints
 * {@code READY}; SECONDS later it prints {@code DONE} with what arrived in between, and closes.
 *
 * <pre>java -cp … WsClients N WS_URL WARMUP SECONDS</pre>
 *
 * {@code DONE messages bytes min_per_client max_per_client closed errors cpu_ns wall_ns types} where types is
 * {@code type=count,…} and cpu_ns this JVM's CPU time over the window.
 */
public final class WsClients {
    private WsClients() {
    }

    /** One client: counts what it reads. */
    private static final class Client implements WebSocket.Listener {
        private final CountDownLatch snapshots;
        private final LongAdder totalMessages;
        private final LongAdder totalBytes;
        private final Map<String, LongAdder> types;
        private final AtomicInteger closed;
        private final AtomicInteger errors;
        private final AtomicLong messages = new AtomicLong();
        private static final int HEAD = 32;
        private StringBuilder head = new StringBuilder(HEAD);
        private boolean gotSnapshot;
        private volatile boolean closing;

        Client(final CountDownLatch snapshots, final LongAdder totalMessages, final LongAdder totalBytes,
               final Map<String, LongAdder> types, final AtomicInteger closed, final AtomicInteger errors) {
            this.snapshots = snapshots;
            this.totalMessages = totalMessages;
            this.totalBytes = totalBytes;
            this.types = types;
            this.closed = closed;
            this.errors = errors;
        }

        @Override
        public void onOpen(final WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
            // The message's type is in its first characters, which may come in more than one part.
            if (head != null) {
                head.append(data, 0, Math.min(data.length(), HEAD - head.length()));
                if (head.length() >= HEAD || last) {
                    String type = type(head);
                    head = null;
                    types.computeIfAbsent(type, t -> new LongAdder()).increment();
                    if (!gotSnapshot && type.equals("snapshot")) {
                        gotSnapshot = true;
                        snapshots.countDown();
                    }
                }
            }
            totalBytes.add(data.length());
            if (last) {
                head = new StringBuilder(HEAD);
            }
            if (last) {
                messages.incrementAndGet();
                totalMessages.increment();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason) {
            if (!closing) {
                closed.incrementAndGet();
                System.err.println("WsClients: closed by the server: " + statusCode + " " + reason);
            }
            return null;
        }

        @Override
        public void onError(final WebSocket webSocket, final Throwable error) {
            errors.incrementAndGet();
            System.err.println("WsClients: " + error);
        }

        private static String type(final CharSequence data) {
            String prefix = "{\"type\":\"";
            String head = data.toString();
            if (!head.startsWith(prefix)) {
                return "other";
            }
            int end = head.indexOf('"', prefix.length());
            return end < 0 ? "other" : head.substring(prefix.length(), end);
        }
    }

    public static void main(final String... args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: WsClients N WS_URL WARMUP SECONDS");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        URI uri = URI.create(args[1]);
        long warmupMillis = Math.round(Double.parseDouble(args[2]) * 1000);
        long windowNanos = Math.round(Double.parseDouble(args[3]) * 1e9);
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "ws-client");
            thread.setDaemon(true);
            return thread;
        });
        HttpClient http = HttpClient.newBuilder().executor(executor).build();
        CountDownLatch snapshots = new CountDownLatch(n);
        LongAdder messages = new LongAdder();
        LongAdder bytes = new LongAdder();
        Map<String, LongAdder> types = new ConcurrentHashMap<>();
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<Client> clients = new ArrayList<>();
        List<CompletableFuture<WebSocket>> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Client client = new Client(snapshots, messages, bytes, types, closed, errors);
            clients.add(client);
            sockets.add(http.newWebSocketBuilder().buildAsync(uri, client));
        }
        List<WebSocket> open = new ArrayList<>();
        for (CompletableFuture<WebSocket> socket : sockets) {
            open.add(socket.get(60, TimeUnit.SECONDS));
        }
        if (!snapshots.await(60, TimeUnit.SECONDS)) {
            System.err.println("WsClients: " + snapshots.getCount() + " of " + n + " clients got no snapshot in 60 s");
            System.exit(1);
        }
        System.out.println("CONNECTED");
        System.out.flush();
        Thread.sleep(warmupMillis);
        long[] before = new long[n];
        for (int i = 0; i < n; i++) {
            before[i] = clients.get(i).messages.get();
        }
        long messagesBefore = messages.sum();
        long bytesBefore = bytes.sum();
        Map<String, Long> typesBefore = snapshot(types);
        long cpuBefore = LoadGenerator.processCpuNanos();
        long start = System.nanoTime();
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(windowNanos / 1_000_000, (int) (windowNanos % 1_000_000));
        long wall = System.nanoTime() - start;
        long cpu = LoadGenerator.processCpuNanos() - cpuBefore;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < n; i++) {
            long got = clients.get(i).messages.get() - before[i];
            min = Math.min(min, got);
            max = Math.max(max, got);
        }
        StringBuilder typeCounts = new StringBuilder();
        for (Map.Entry<String, Long> entry : snapshot(types).entrySet()) {
            long delta = entry.getValue() - typesBefore.getOrDefault(entry.getKey(), 0L);
            if (delta > 0) {
                typeCounts.append(typeCounts.length() == 0 ? "" : ",").append(entry.getKey()).append('=')
                        .append(delta);
            }
        }
        System.out.println("DONE " + (messages.sum() - messagesBefore) + " " + (bytes.sum() - bytesBefore) + " "
                + (n == 0 ? 0 : min) + " " + max + " " + closed.get() + " " + errors.get() + " " + cpu + " " + wall
                + " " + (typeCounts.length() == 0 ? "-" : typeCounts));
        System.out.flush();
        List<CompletableFuture<WebSocket>> closing = new ArrayList<>();
        clients.forEach(client -> client.closing = true);
        for (WebSocket socket : open) {
            closing.add(socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }
        catch (Exception e) {
            // exiting anyway
        }
        System.exit(0);
    }

    private static Map<String, Long> snapshot(final Map<String, LongAdder> types) {
        Map<String, Long> copy = new TreeMap<>();
        types.forEach((type, count) -> copy.put(type, count.sum()));
        return copy;
    }
}
