package io.jenkins.plugins.gputraining.api;

/** A request the JSON API refuses: an HTTP status and a message for the {@code {"error": …}} body. */
public final class TrainingApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public TrainingApiException(final int status, final String message) {
        super(message);
        this.status = status;
    }

    public static TrainingApiException badRequest(final String message) {
        return new TrainingApiException(400, message);
    }

    public static TrainingApiException notFound(final String message) {
        return new TrainingApiException(404, message);
    }

    public static TrainingApiException conflict(final String message) {
        return new TrainingApiException(409, message);
    }

    public int status() {
        return status;
    }
}
