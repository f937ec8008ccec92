package io.jenkins.plugins.gputraining.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.ProgressJson;
import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The one watcher of a streamed run, shared by all its clients: each {@link #tick()} reads what the run appended to
 * metrics.jsonl, telemetry.jsonl and events.jsonl since the last one, and progress.json when it was replaced, and
 * broadcasts them. Broadcasting only queues (see {@link StreamClient}), so a slow client never slows the watcher,
 * and the watcher only reads, so it never slows the run. Once the run has finished and its files are drained, it
 * sends {@code end} and closes the clients.
 */
final class RunWatcher {
    /** Telemetry samples per message, so that a burst does not make one huge message. */
    private static final int SAMPLES_PER_MESSAGE = 500;

    private final RunsDirectory.Run run;
    private final int messageBudget;
    private final FileTail metrics;
    private final FileTail telemetry;
    private final FileTail events;
    private final List<StreamClient> clients = new ArrayList<>();
    private long progressSize = -1;
    private long progressModified;
    private Object progressKey;
    private boolean ended;
    /** Whether the last progress.json read said the run had finished. */
    private boolean progressFinished;

    /**
     * A watcher that starts where a snapshot taken now leaves off.
     *
     * @param messageBudget how many record messages one tick sends at most
     */
    RunWatcher(final RunsDirectory.Run run, final int messageBudget) {
        this.run = run;
        this.messageBudget = messageBudget;
        Path directory = run.path();
        this.metrics = FileTail.atEnd(directory.resolve(ProgressFormat.METRICS_FILE));
        this.telemetry = FileTail.atEnd(directory.resolve(ProgressFormat.TELEMETRY_FILE));
        this.events = FileTail.atEnd(directory.resolve(ProgressFormat.EVENTS_FILE));
        progressChanged();
        readProgress();
    }

    /**
     * Adds a client; it receives everything broadcast from now on, after its snapshot.
     *
     * @return false when the watcher has already ended (the caller makes a new one)
     */
    synchronized boolean add(final StreamClient client) {
        if (ended) {
            return false;
        }
        clients.add(client);
        return true;
    }

    /** Removes a client; returns whether none is left. */
    synchronized boolean remove(final StreamClient client) {
        clients.remove(client);
        return clients.isEmpty();
    }

    /** Pings the clients. */
    synchronized void ping() {
        clients.forEach(StreamClient::ping);
    }

    synchronized int clientCount() {
        return clients.size();
    }

    /**
     * Reads and broadcasts what changed.
     *
     * @return whether the run has ended (the watcher is done)
     */
    synchronized boolean tick() {
        if (ended) {
            return true;
        }
        clients.removeIf(StreamClient::isClosed);
        // progress.json first: when it says the run has finished, the other files were complete before it.
        JsonNode progress = progressChanged() ? readProgress() : null;
        // At most a quarter of a client's queue per tick: a client that keeps up is not dropped for a burst,
        // and a run that logs faster than that is streamed over the next ticks.
        int budget = Math.max(1, messageBudget);
        List<JsonNode> records = metrics.poll(budget);
        for (JsonNode record : records) {
            broadcast(message("metric", "record", record));
        }
        budget -= records.size();
        List<JsonNode> lifecycle = events.poll(Math.max(1, budget));
        for (JsonNode event : lifecycle) {
            broadcast(message("event", "event", event));
        }
        budget -= lifecycle.size();
        List<JsonNode> samples = telemetry.poll(Math.max(1, budget) * SAMPLES_PER_MESSAGE);
        for (int from = 0; from < samples.size(); from += SAMPLES_PER_MESSAGE) {
            ArrayNode batch = JsonNodeFactory.instance.arrayNode();
            batch.addAll(samples.subList(from, Math.min(samples.size(), from + SAMPLES_PER_MESSAGE)));
            broadcast(message("telemetry", "samples", batch));
        }
        boolean caughtUp = metrics.caughtUp() && events.caughtUp() && telemetry.caughtUp();
        if (progress != null) {
            broadcast(message("progress", "progress", progress));
        }
        if (progressFinished && caughtUp) {
            end("run finished");
        }
        return ended;
    }

    private void end(final String reason) {
        ended = true;
        broadcast("{\"type\":\"end\"}");
        for (StreamClient client : clients) {
            client.closeWhenDrained(reason);
        }
        clients.clear();
    }

    /** Ends the stream of every client, for a server shutting down. */
    synchronized void shutdown() {
        ended = true;
        for (StreamClient client : clients) {
            client.closeWhenDrained("server stopping");
        }
        clients.clear();
    }

    private void broadcast(final String message) {
        for (StreamClient client : clients) {
            client.offer(message);
        }
    }

    private static String message(final String type, final String field, final JsonNode value) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("type", type);
        message.set(field, value);
        return message.toString();
    }

    private boolean progressChanged() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(run.path().resolve(ProgressFormat.PROGRESS_FILE),
                    BasicFileAttributes.class);
            long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            boolean changed = attributes.size() != progressSize || modified != progressModified
                    || !Objects.equals(attributes.fileKey(), progressKey);
            progressSize = attributes.size();
            progressModified = modified;
            progressKey = attributes.fileKey();
            return changed;
        }
        catch (IOException e) {
            return false;
        }
    }

    private JsonNode readProgress() {
        try {
            // Bounded, and only a regular file (docs/progress-format.md, "Limits").
            JsonNode progress = ProgressJson.mapper().readTree(RunDirectory.at(run.path()).progressBytes());
            if (progress == null || !progress.isObject()) {
                return null;
            }
            progressFinished = isFinished(progress);
            return progress;
        }
        catch (IOException | ProgressException e) {
            return null;
        }
    }

    private static boolean isFinished(final JsonNode progress) {
        try {
            return RunStatus.fromJson(progress.path("status").asText()).isFinished();
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }
}
