package io.jenkins.plugins.gputraining.agent.control;

/**
 * The agent's answer to a control request.
 *
 * @param requestId the request it answers
 * @param accepted whether the action took effect
 * @param event the event recorded ({@code paused}, {@code resumed}, {@code exited}, {@code error})
 * @param message what happened, in words
 */
public record ControlOutcome(String requestId, boolean accepted, String event, String message) {
}
