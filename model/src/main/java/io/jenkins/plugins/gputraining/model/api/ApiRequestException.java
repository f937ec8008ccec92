package io.jenkins.plugins.gputraining.model.api;

/**
 * A request the training API refuses: answered with its HTTP status and {@code {"error": message}}
 * ({@link ApiJson#error}). The message names the problem in words a user can act on.
 */
public class ApiRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiRequestException(final int status, final String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }

    public static ApiRequestException badRequest(final String message) {
        return new ApiRequestException(400, message);
    }

    public static ApiRequestException forbidden(final String message) {
        return new ApiRequestException(403, message);
    }

    public static ApiRequestException notFound(final String message) {
        return new ApiRequestException(404, message);
    }

    public static ApiRequestException conflict(final String message) {
        return new ApiRequestException(409, message);
    }
}
