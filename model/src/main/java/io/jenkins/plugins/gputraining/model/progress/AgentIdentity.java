package io.jenkins.plugins.gputraining.model.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is recording a run: the agent process, named so that a reader on the same machine can tell whether it still
 * lives (progress.json's {@code agent} field, docs/progress-format.md, "Liveness"). A pid alone would not do: pids
 * are reused, and a reader in another container or on another machine sees other processes under the same numbers.
 *
 * @param pid the agent's process id
 * @param host the host name it runs on
 * @param bootId the kernel's boot id ({@code /proc/sys/kernel/random/boot_id}), or {@code null} where there is none
 * @param pidNamespace the agent's pid namespace ({@code pid:[4026531836]}), or {@code null} where there is none
 * @param processStartedAt when the agent process started (tells a reused pid apart)
 * @param detached whether the training outlives the agent ({@code run --detach}), so that another agent can attach
 */
public record AgentIdentity(long pid, String host, String bootId, String pidNamespace, Instant processStartedAt,
                            boolean detached) {
    /** The top-level field of progress.json holding the identity. */
    public static final String FIELD = "agent";
    /** Start times read from /proc have a clock tick's precision; a different process differs by more. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    /** What a reader can tell about the agent from where it runs. */
    public enum Presence {
        /** The agent's process is there, on this machine. */
        ALIVE,
        /** The agent ran on this machine, and its process is gone. */
        GONE,
        /** The agent ran elsewhere (another machine, container or boot): only its heartbeat can tell. */
        UNKNOWN
    }

    public AgentIdentity {
        Objects.requireNonNull(host, "host");
    }

    /** This process, as an agent. */
    public static AgentIdentity current(final boolean detached) {
        ProcessHandle self = ProcessHandle.current();
        return new AgentIdentity(self.pid(), thisHostName(), ThisMachine.BOOT_ID, ThisMachine.PID_NAMESPACE,
                self.info().startInstant().orElse(null), detached);
    }

    /** The identity a snapshot carries, if the agent that wrote it recorded one. */
    public static Optional<AgentIdentity> of(final ProgressSnapshot snapshot) {
        JsonNode node = snapshot.extra().get(FIELD);
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        Long pid = ProgressJson.asLong(node.get("pid"));
        String host = ProgressJson.asText(node.get("host"));
        if (pid == null || host == null) {
            return Optional.empty();
        }
        Instant started = null;
        String startedText = ProgressJson.asText(node.get("started_at"));
        if (startedText != null) {
            try {
                started = Instant.parse(startedText);
            }
            catch (DateTimeParseException e) {
                started = null;
            }
        }
        return Optional.of(new AgentIdentity(pid, host, ProgressJson.asText(node.get("boot_id")),
                ProgressJson.asText(node.get("pid_namespace")), started, node.path("detached").asBoolean(false)));
    }

    /** The snapshot with this identity in its {@code agent} field. */
    public ProgressSnapshot stamp(final ProgressSnapshot snapshot) {
        Map<String, JsonNode> extra = new LinkedHashMap<>(snapshot.extra());
        extra.put(FIELD, toJson());
        return snapshot.toBuilder().extra(extra).build();
    }

    /** The JSON of the {@code agent} field. */
    public ObjectNode toJson() {
        ObjectNode node = ProgressJson.mapper().createObjectNode();
        node.put("pid", pid);
        node.put("host", host);
        node.put("boot_id", bootId);
        node.put("pid_namespace", pidNamespace);
        node.put("started_at", processStartedAt == null ? null : processStartedAt.toString());
        node.put("detached", detached);
        return node;
    }

    /** Whether this agent still runs, as far as this machine can tell. */
    public Presence presence() {
        if (!host.equals(thisHostName()) || !Objects.equals(bootId, ThisMachine.BOOT_ID)
                || !Objects.equals(pidNamespace, ThisMachine.PID_NAMESPACE)) {
            return Presence.UNKNOWN;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive() || isZombie(pid)) {
            return Presence.GONE;
        }
        Optional<Instant> started = process.get().info().startInstant();
        if (processStartedAt != null && started.isPresent()
                && Duration.between(processStartedAt, started.get()).abs().compareTo(START_TOLERANCE) > 0) {
            return Presence.GONE; // the pid now belongs to another process
        }
        return Presence.ALIVE;
    }

    /** {@code pid 1234 on host-a}, for messages. */
    public String describe() {
        return "pid " + pid + " on " + host;
    }

    private static boolean isZombie(final long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        }
        catch (IOException e) {
            return false;
        }
    }

    private static String thisHostName() {
        String name = firstLine(Path.of("/proc/sys/kernel/hostname"));
        if (name != null) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (IOException e) {
            return "localhost";
        }
    }

    /**
     * What cannot change while this JVM lives: read once, not at every liveness judgement (a live run's analytics
     * judge it at each refresh).
     */
    private static final class ThisMachine {
        static final String BOOT_ID = thisBootId();
        static final String PID_NAMESPACE = thisPidNamespace();

        private ThisMachine() {
        }
    }

    private static String thisBootId() {
        return firstLine(Path.of("/proc/sys/kernel/random/boot_id"));
    }

    private static String thisPidNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        }
        catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    private static String firstLine(final Path file) {
        try {
            String text = Files.readString(file).trim();
            return text.isEmpty() ? null : text;
        }
        catch (IOException | SecurityException e) {
            return null;
        }
    }
}
