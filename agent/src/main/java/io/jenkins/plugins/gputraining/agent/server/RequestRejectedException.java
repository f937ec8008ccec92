package io.jenkins.plugins.gputraining.agent.server;

/**
 * A request the service refuses: answered with its HTTP status and {@code {"error": message}}. The message names the
 * problem in words a user can act on.
 */
public class RequestRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public RequestRejectedException(final int status, final String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static RequestRejectedException badRequest(final String message) {
        return new RequestRejectedException(400, message);
    }

    static RequestRejectedException notFound(final String message) {
        return new RequestRejectedException(404, message);
    }

    static RequestRejectedException forbidden(final String message) {
        return new RequestRejectedException(403, message);
    }

    static RequestRejectedException conflict(final String message) {
        return new RequestRejectedException(409, message);
    }
}
