package io.jenkins.plugins.gputraining.model.control;

import java.io.IOException;

/**
 * A run's {@code control/} is not its own folder (a link, to another run's control folder say, or a file): no
 * control request is written through it.
 */
public final class ControlFolderException extends IOException {
    private static final long serialVersionUID = 1L;

    ControlFolderException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
