package io.jenkins.plugins.gputraining.model.control;

import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import java.io.Serializable;
import java.util.Optional;

/**
 * The agent's answer to a control request: the event in events.jsonl that carries the request's id.
 *
 * @param requestId the request it answers
 * @param accepted whether the action took effect ({@code paused}, {@code resumed}, {@code exited}), or was refused
 *         ({@code error})
 * @param event the answering event's name
 * @param message what happened, in words
 */
public record ControlOutcome(String requestId, boolean accepted, String event, String message)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The answer to a request among a run's events, if the agent has answered. */
    public static Optional<ControlOutcome> find(final Iterable<LifecycleEvent> events, final String requestId) {
        for (LifecycleEvent event : events) {
            if (requestId.equals(event.detail(LifecycleEvent.REQUEST_ID))) {
                return Optional.of(of(event, requestId));
            }
        }
        return Optional.empty();
    }

    /** The outcome a request's answering event records. */
    public static ControlOutcome of(final LifecycleEvent event, final String requestId) {
        return new ControlOutcome(requestId, !LifecycleEvent.ERROR.equals(event.event()), event.event(),
                event.message());
    }

    /** A refusal recorded by the agent itself (a malformed request file, say). */
    public static ControlOutcome refused(final String requestId, final String message) {
        return new ControlOutcome(requestId, false, LifecycleEvent.ERROR, message);
    }
}
