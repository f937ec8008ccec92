package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import io.jenkins.plugins.gputraining.model.progress.ProgressJson;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket streams of all runs: one {@link RunWatcher} per streamed run, polled on a shared scheduler, however
 * many clients watch it; created with its first client and stopped with its last. Clients are capped per run and in
 * all ({@link ServerConfig#streamClientsPerRun()}, {@link ServerConfig#streamClientsTotal()}): one over a cap is
 * closed at once with 1013 (try again later) and a reason saying which.
 */
final class StreamHub implements AutoCloseable {
    private static final String CLIENT = "gpu-training.stream-client";
    private static final String RUN = "gpu-training.stream-run";
    private static final long PING_SECONDS = 20;

    private final RunsDirectory runs;
    private final ServerConfig config;
    private final ScheduledExecutorService scheduler;
    /** Hands messages to Jetty, so that neither the watchers nor Jetty's callbacks call Jetty holding a lock. */
    private final ExecutorService sender;
    private final Map<String, Watch> watches = new HashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicInteger threads = new AtomicInteger();

    private record Watch(RunWatcher watcher, ScheduledFuture<?> task) {
    }

    StreamHub(final RunsDirectory runs, final ServerConfig config) {
        this.runs = runs;
        this.config = config;
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "gpu-training-stream-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.sender = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "gpu-training-stream-send-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::ping, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
    }

    /** Pings every client now and then, so that idle streams stay open through proxies and idle timeouts. */
    private void ping() {
        List<RunWatcher> watchers;
        synchronized (this) {
            watchers = watches.values().stream().map(Watch::watcher).toList();
        }
        watchers.forEach(RunWatcher::ping);
    }

    /** A client connected to {@code /api/training/{id}/stream} (the id was checked before the upgrade). */
    void connect(final WsConnectContext ctx) {
        RunsDirectory.Run run;
        try {
            run = runs.require(ctx.pathParam("id"));
        }
        catch (ApiRequestException e) {
            ctx.closeSession(StreamClient.POLICY_VIOLATION, e.getMessage());
            return;
        }
        StreamClient client = new StreamClient(ctx.session, config.streamQueueLimit(), config.streamQueueBytes(),
                sender, scheduler, dropped::incrementAndGet);
        String refusal;
        synchronized (this) {
            refusal = overCapacity(run.id());
            if (refusal == null) {
                join(ctx, run, client);
            }
        }
        if (refusal != null) {
            // Outside the lock: Jetty is never called holding it.
            ctx.closeSession(StreamClient.TRY_AGAIN_LATER, refusal);
            return;
        }
        // Computed after joining: what the run appends from here on is queued behind the snapshot, never lost.
        client.start(snapshot(run));
    }

    /** Holding the lock: adds a client to its run's watcher, starting one if needed. */
    private synchronized void join(final WsConnectContext ctx, final RunsDirectory.Run run, final StreamClient client) {
        ctx.attribute(CLIENT, client);
        ctx.attribute(RUN, run.id());
        Watch watch = watches.get(run.id());
        if (watch == null || !watch.watcher().add(client)) {
            RunWatcher watcher = new RunWatcher(run, Math.max(1, config.streamQueueLimit() / 4));
            watcher.add(client);
            long interval = Math.max(10, config.streamPollInterval().toMillis());
            ScheduledFuture<?> task = scheduler.scheduleWithFixedDelay(() -> tick(run.id(), watcher), interval,
                    interval, TimeUnit.MILLISECONDS);
            watches.put(run.id(), new Watch(watcher, task));
        }
    }

    /** Holding the lock: why one more client of this run is refused, or {@code null} when it is welcome. */
    private synchronized String overCapacity(final String id) {
        if (totalClients() >= config.streamClientsTotal()) {
            return "too many stream clients: at most " + config.streamClientsTotal() + " in all; try again later";
        }
        Watch watch = watches.get(id);
        if (watch != null && watch.watcher().clientCount() >= config.streamClientsPerRun()) {
            return "too many stream clients: at most " + config.streamClientsPerRun() + " per run; try again later";
        }
        return null;
    }

    /** A client's session closed (either side) or failed. */
    void disconnect(final WsContext ctx) {
        StreamClient client = ctx.attribute(CLIENT);
        String id = ctx.attribute(RUN);
        if (client == null || id == null) {
            return;
        }
        client.closed();
        synchronized (this) {
            Watch watch = watches.get(id);
            if (watch != null && watch.watcher().remove(client)) {
                watch.task().cancel(false);
                watches.remove(id);
            }
        }
    }

    private void tick(final String id, final RunWatcher watcher) {
        boolean ended;
        try {
            ended = watcher.tick();
        }
        catch (RuntimeException e) {
            // A file vanished mid-read, say: the next tick tries again.
            ended = false;
        }
        if (ended) {
            synchronized (this) {
                Watch watch = watches.get(id);
                if (watch != null && watch.watcher() == watcher) {
                    watch.task().cancel(false);
                    watches.remove(id);
                }
            }
        }
    }

    private String snapshot(final RunsDirectory.Run run) {
        ObjectNode snapshot = JsonNodeFactory.instance.objectNode();
        snapshot.put("type", "snapshot");
        try {
            snapshot.set("progress", ProgressJson.mapper().readTree(runs.progressBytes(run)));
        }
        catch (IOException | RuntimeException e) {
            snapshot.putNull("progress");
        }
        JsonNode analytics;
        try {
            analytics = AnalyticsJson.toTree(runs.cache().index(run.directory()).analytics());
        }
        catch (ProgressException e) {
            analytics = JsonNodeFactory.instance.nullNode();
        }
        snapshot.set("analytics", analytics);
        return snapshot.toString();
    }

    synchronized TrainingServer.StreamStats stats() {
        return new TrainingServer.StreamStats(watches.size(), totalClients(), dropped.get());
    }

    /** Holding the lock: the clients of every stream. */
    private int totalClients() {
        int clients = 0;
        for (Watch watch : watches.values()) {
            clients += watch.watcher().clientCount();
        }
        return clients;
    }

    @Override
    public void close() {
        synchronized (this) {
            for (Watch watch : watches.values()) {
                watch.task().cancel(false);
                watch.watcher().shutdown();
            }
            watches.clear();
        }
        scheduler.shutdownNow();
        sender.shutdown();
    }
}
