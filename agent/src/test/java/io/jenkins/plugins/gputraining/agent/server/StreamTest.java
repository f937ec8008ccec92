package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket stream with java.net.http's WebSocket client: snapshot, live records, end, and slow clients. */
class StreamTest {
    @TempDir
    Path runs;

    private RunFixture live;
    private TrainingServer server;
    private Api api;
    private final List<WebSocket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        live = RunFixture.run(runs, "live").status(RunStatus.RUNNING).startedAt(Instant.now().minusSeconds(60)).gpus(1)
                .workingDirectory(runs.resolve("live").toString())
                .curve(3, 1.0, 2.0, 0.8, 100).gpuLoad(90.0).exited().endedAt(4).output("training live\nstep 1 loss 2.0\n");
        live.write();
        RunFixture.run(runs, "done").gpus(0)
                .workingDirectory(runs.resolve("done").toString())
                .curve(10, 1.0, 2.0, 0.8, 100).exited().endedAt(11).output("training done\nstep 1 loss 2.0\n").write();
        server = TrainingServer.start(ServerConfig.builder(runs).port(0).streamPollInterval(Duration.ofMillis(50))
                .streamQueueLimit(100).build());
        api = new Api(server);
    }

    @AfterEach
    void stop() {
        sockets.forEach(WebSocket::abort);
        server.close();
    }

    /** Collects whole text messages as JSON; requests them all, or none (a client that never reads). */
    static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final boolean reads;
        private final StringBuilder partial = new StringBuilder();

        Recorder(final boolean reads) {
            this.reads = reads;
        }

        @Override
        public void onOpen(final WebSocket webSocket) {
            if (reads) {
                webSocket.request(Long.MAX_VALUE);
            }
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(Api.JSON.readTree(partial.toString()));
                }
                catch (java.io.IOException e) {
                    messages.add(JsonNodeFactory.instance.textNode("unparseable: " + e.getMessage()));
                }
                partial.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(final WebSocket webSocket, final Throwable error) {
            closed.complete("error " + error);
        }

        JsonNode next() throws InterruptedException {
            JsonNode message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            return message;
        }

        /** The next message of a type, skipping others (progress heartbeats, telemetry). */
        JsonNode next(final String type) throws InterruptedException {
            while (true) {
                JsonNode message = next();
                if (type.equals(message.path("type").asText())) {
                    return message;
                }
            }
        }
    }

    private WebSocket connect(final String id, final Recorder recorder, final String... headers) throws Exception {
        WebSocket.Builder builder = api.client().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        WebSocket socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/training/" + id
                + "/stream"), recorder).get(10, TimeUnit.SECONDS);
        sockets.add(socket);
        return socket;
    }

    @Test
    void sendsASnapshotThenWhatTheRunAppendsThenTheEnd() throws Exception {
        Recorder client = new Recorder(true);
        connect("live", client);

        JsonNode snapshot = client.next();
        assertThat(snapshot.get("type").asText()).isEqualTo("snapshot");
        assertThat(snapshot.at("/progress/job_id").asText()).isEqualTo("live");
        assertThat(snapshot.at("/progress/status").asText()).isEqualTo("running");
        assertThat(snapshot.at("/analytics/performance/steps").asLong()).isEqualTo(3);

        try (RunWriter writer = RunWriter.open(live.directory())) {
            for (int step = 4; step <= 6; step++) {
                writer.appendMetric(new MetricRecord(live.time(step), (long) step, null, 1.0 / step, null, 50.0,
                        null, Map.of("grad_norm", JsonNodeFactory.instance.numberNode(0.5))));
            }
            writer.appendTelemetry(TelemetrySample.builder(live.time(6), 0).utilizationPercent(77.0).build());
            writer.appendEvent(LifecycleEvent.of(live.time(6), LifecycleEvent.CHECKPOINT, "saved")
                    .with("name", "checkpoint-6"));
        }
        List<Long> steps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode metric = client.next("metric");
            steps.add(metric.at("/record/step").asLong());
            assertThat(metric.at("/record/grad_norm").asDouble()).isEqualTo(0.5);
        }
        assertThat(steps).containsExactly(4L, 5L, 6L);
        Map<String, JsonNode> byType = new java.util.HashMap<>();
        while (!byType.containsKey("telemetry") || !byType.containsKey("event")) {
            JsonNode message = client.next();
            byType.put(message.get("type").asText(), message);
        }
        assertThat(byType.get("telemetry").at("/samples/0/utilization_percent").asDouble()).isEqualTo(77.0);
        assertThat(byType.get("event").at("/event/name").asText()).isEqualTo("checkpoint-6");

        RunFixture.run(runs, "live").status(RunStatus.COMPLETED).startedAt(Instant.now().minusSeconds(60)).gpus(0)
                .workingDirectory(runs.resolve("live").toString())
                .curve(3, 1.0, 2.0, 0.8, 100).exited().endedAt(4).output("training live\nstep 1 loss 2.0\n").write();
        JsonNode progress = client.next("progress");
        assertThat(progress.at("/progress/status").asText()).isEqualTo("completed");
        client.next("end");
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).startsWith("1000");
    }

    @Test
    void aFinishedRunSendsSnapshotAndEnd() throws Exception {
        Recorder client = new Recorder(true);
        connect("done", client);

        assertThat(client.next().get("type").asText()).isEqualTo("snapshot");
        assertThat(client.next().get("type").asText()).isEqualTo("end");
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).startsWith("1000");
    }

    @Test
    void oneWatcherServesManyClients() throws Exception {
        Recorder first = new Recorder(true);
        Recorder second = new Recorder(true);
        connect("live", first);
        connect("live", second);
        first.next("snapshot");
        second.next("snapshot");

        assertThat(server.streamStats().watchedRuns()).isEqualTo(1);
        assertThat(server.streamStats().clients()).isEqualTo(2);
        try (RunWriter writer = RunWriter.open(live.directory())) {
            writer.appendMetric(MetricRecord.of(live.time(4), 4, 0.5));
        }
        assertThat(first.next("metric").at("/record/step").asLong()).isEqualTo(4);
        assertThat(second.next("metric").at("/record/step").asLong()).isEqualTo(4);
    }

    @Test
    void aClientThatDoesNotReadIsDroppedWhileAFastOneKeepsUp() throws Exception {
        Recorder slow = new Recorder(false);
        WebSocket slowSocket = connect("live", slow);
        Recorder fast = new Recorder(true);
        connect("live", fast);
        fast.next("snapshot");

        // Batches of big records until the slow client's socket buffers are full and its queue overflows (however
        // large this machine's buffers are); the fast client receives every one of them meanwhile.
        String blob = "x".repeat(64 * 1024);
        int step = 4;
        while (server.streamStats().droppedClients() == 0 && step < 4000) {
            int first = step;
            try (RunWriter writer = RunWriter.open(live.directory())) {
                for (int i = 0; i < 50; i++, step++) {
                    writer.appendMetric(new MetricRecord(live.time(step), (long) step, null, 0.5, null, null, null,
                            Map.of("blob", JsonNodeFactory.instance.textNode(blob))));
                }
            }
            for (int expected = first; expected < step; expected++) {
                assertThat(fast.next("metric").at("/record/step").asLong()).isEqualTo(expected);
            }
        }
        int records = step - 4;
        assertThat(server.streamStats().droppedClients()).as("the slow client was dropped").isEqualTo(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.streamStats().clients() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.streamStats().clients()).as("the fast one is still there").isEqualTo(1);

        // Reading at last, the slow client finds the close frame behind what was in flight: 1008 and why.
        slowSocket.request(Long.MAX_VALUE);
        assertThat(slow.closed.get(10, TimeUnit.SECONDS)).startsWith("1008").contains("too slow");
        assertThat(slow.messages.size()).as("it got only part of the stream").isLessThan(records);

        try (RunWriter writer = RunWriter.open(live.directory())) {
            writer.appendMetric(MetricRecord.of(live.time(1000), 1000, 0.25));
        }
        assertThat(fast.next("metric").at("/record/step").asLong()).as("the fast client goes on").isEqualTo(1000);
    }

    @Test
    void refusesUnknownRunsAndForeignOrigins() {
        assertThatThrownBy(() -> connect("nope", new Recorder(true)))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(404));
        assertThatThrownBy(() -> connect("..%2F..%2Fetc", new Recorder(true)))
                .cause().satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(400));
        assertThatThrownBy(() -> connect("live", new Recorder(true), "Origin", "http://attacker.example"))
                .cause().satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(403));
    }
}
