package io.jenkins.plugins.gputraining.agent.server;

/**
 * A request the service refuses: answered with its HTTP status and {@code {"error": message}}. The message names the
 * problem in words a user can act on.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(final int status, final String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static ApiException badRequest(final String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(final String message) {
        return new ApiException(404, message);
    }

    static ApiException forbidden(final String message) {
        return new ApiException(403, message);
    }

    static ApiException conflict(final String message) {
        return new ApiException(409, message);
    }
}
