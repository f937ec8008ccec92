package io.jenkins.plugins.gputraining.model.progress;

/** One line of a {@code .jsonl} file that is not a valid record; the reader reports it and goes on. */
class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRecordException(final String message) {
        super(message);
    }
}
