package io.jenkins.plugins.gputraining.model.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rule that decides whether a run that progress.json calls live (running or paused) still is
 * (docs/progress-format.md, "Liveness"):
 *
 * <ul>
 *   <li>an {@code exited} event ends the run even when progress.json missed it (a write that failed on a full
 *       disk): its {@code status} detail, at its time;</li>
 *   <li>otherwise the run is {@link RunStatus#INTERRUPTED} when its agent is gone: seen gone from this machine (same
 *       host, boot and pid namespace, and its process is not there), or, when it cannot be seen from here, silent for
 *       longer than {@link #STALE_AFTER} (its heartbeat, progress.json's {@code updated_at}, is stale). An interrupted
 *       run ended at its last sign of life: the latest of {@code updated_at} and its last event.</li>
 * </ul>
 */
public final class RunLiveness {
    /** How long a run's heartbeat may be silent before a reader that cannot see its agent calls it interrupted. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(30);

    private RunLiveness() {
    }

    /**
     * Judges a run.
     *
     * @param progress its progress.json
     * @param events its events.jsonl, in file order
     * @param now the reader's clock
     */
    public static LiveStatus judge(final ProgressSnapshot progress, final List<LifecycleEvent> events,
                                   final Instant now) {
        if (progress.status().isFinished()) {
            return new LiveStatus(progress.status(),
                    progress.endedAt() != null ? progress.endedAt() : progress.updatedAt(), null);
        }
        Optional<LifecycleEvent> exited = events.stream()
                .filter(event -> LifecycleEvent.EXITED.equals(event.event())).reduce((first, second) -> second);
        if (exited.isPresent()) {
            return new LiveStatus(endedStatus(exited.get()), instant(exited.get().time()),
                    "progress.json was not updated after the run ended (events.jsonl records the end)");
        }
        Instant lastSign = lastSignOfLife(progress, events);
        Optional<AgentIdentity> agent = AgentIdentity.of(progress);
        AgentIdentity.Presence presence = agent.map(AgentIdentity::presence).orElse(AgentIdentity.Presence.UNKNOWN);
        if (presence == AgentIdentity.Presence.GONE) {
            return new LiveStatus(RunStatus.INTERRUPTED, lastSign, "its agent (" + agent.get().describe()
                    + ") is gone; last sign of life " + lastSign);
        }
        Instant heartbeat = progress.updatedAt() != null ? progress.updatedAt() : lastSign;
        if (presence == AgentIdentity.Presence.UNKNOWN && heartbeat != null
                && Duration.between(heartbeat, now).compareTo(STALE_AFTER) > 0) {
            return new LiveStatus(RunStatus.INTERRUPTED, lastSign, "no heartbeat from its agent since " + heartbeat
                    + " (more than " + STALE_AFTER.toSeconds() + " s)");
        }
        return new LiveStatus(progress.status(), null, null);
    }

    private static RunStatus endedStatus(final LifecycleEvent exited) {
        String status = exited.detail("status");
        if (status != null) {
            try {
                RunStatus recorded = RunStatus.fromJson(status);
                if (recorded.isFinished()) {
                    return recorded;
                }
            }
            catch (IllegalArgumentException e) {
                // fall back to the exit code
            }
        }
        Double exitCode = exited.number("exit_code");
        return exitCode != null && exitCode == 0 ? RunStatus.COMPLETED : RunStatus.FAILED;
    }

    private static Instant lastSignOfLife(final ProgressSnapshot progress, final List<LifecycleEvent> events) {
        Instant last = progress.updatedAt() != null ? progress.updatedAt() : progress.startedAt();
        for (LifecycleEvent event : events) {
            Instant time = instant(event.time());
            if (last == null || time.isAfter(last)) {
                last = time;
            }
        }
        return last;
    }

    private static Instant instant(final double epochSeconds) {
        long seconds = (long) Math.floor(epochSeconds);
        return Instant.ofEpochSecond(seconds, Math.round((epochSeconds - seconds) * 1e9));
    }
}
