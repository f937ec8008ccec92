package io.jenkins.plugins.gputraining.model.api;

import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.control.PauseMode;

/**
 * The answer to {@code POST …/{id}/pause|resume|cancel} (HTTP 202): the request sent and the agent's outcome, or
 * {@code null} while the agent has not answered within the host's wait (the outcome then shows up in events.jsonl).
 *
 * @param runId the run
 * @param requestId the control request's id
 * @param action what was asked
 * @param mode the pause mode asked for, or {@code null}
 * @param outcome the agent's answer, or {@code null}
 */
public record ControlAnswer(String runId, String requestId, ControlAction action, PauseMode mode,
                            ControlOutcome outcome) {
}
