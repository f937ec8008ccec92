package io.jenkins.plugins.gputraining.agent.control;

/**
 * A request to a running training, written to its run directory's control folder.
 *
 * @param id unique id; the agent's answering event in events.jsonl carries it as {@code request_id}
 * @param action pause, resume or cancel
 * @param mode how to pause ({@code null}: the run's default); ignored by resume and cancel
 * @param requestedBy who asked (a user, "cli", a Jenkins build), for the event log
 * @param time epoch seconds of the request
 */
public record ControlRequest(String id, ControlAction action, PauseMode mode, String requestedBy, double time) {
}
