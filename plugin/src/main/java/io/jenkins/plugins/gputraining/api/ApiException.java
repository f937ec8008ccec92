package io.jenkins.plugins.gputraining.api;

/** A request the JSON API refuses: an HTTP status and a message for the {@code {"error": …}} body. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(final int status, final String message) {
        super(message);
        this.status = status;
    }

    public static ApiException badRequest(final String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(final String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(final String message) {
        return new ApiException(409, message);
    }

    public int status() {
        return status;
    }
}
