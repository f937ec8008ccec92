package io.jenkins.plugins.gputraining.control;

import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import java.util.List;
import java.util.Optional;

/**
 * The agent's answer to a control request: the event in events.jsonl that carries the request's id.
 *
 * @param requestId the request's id
 * @param accepted whether the agent did it ({@code paused}, {@code resumed}, {@code exited}), or refused
 *         ({@code error})
 * @param event the answering event's name
 * @param message the event's message
 */
public record ControlOutcome(String requestId, boolean accepted, String event, String message) {
    /** The answer to a request among a run's events, if the agent has answered. */
    public static Optional<ControlOutcome> find(final List<LifecycleEvent> events, final String requestId) {
        for (LifecycleEvent event : events) {
            if (requestId.equals(event.detail("request_id"))) {
                return Optional.of(new ControlOutcome(requestId, !LifecycleEvent.ERROR.equals(event.event()),
                        event.event(), event.message()));
            }
        }
        return Optional.empty();
    }
}
