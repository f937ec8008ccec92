package io.jenkins.plugins.gputraining;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import java.io.File;
import java.io.IOException;
import jenkins.MasterToSlaveFileCallable;

/**
 * Writes a control request on the build's node through the model's {@link ControlChannel}, which writes only into
 * the run's own {@code control/} folder, never through a link to another run's (docs/progress-format.md, "Control requests"); returns the
 * request's id.
 */
final class ControlRequestCallable extends MasterToSlaveFileCallable<String> {
    private static final long serialVersionUID = 1L;
    private final ControlAction action;
    private final PauseMode mode;
    private final String requestedBy;

    /**
     * @param mode how to pause, or {@code null} for the run's default
     */
    ControlRequestCallable(final ControlAction action, final PauseMode mode, final String requestedBy) {
        this.action = action;
        this.mode = mode;
        this.requestedBy = requestedBy;
    }

    @Override
    public String invoke(final File runDirectory, final VirtualChannel channel) throws IOException {
        ControlRequest request = ControlRequest.create(action, mode, requestedBy, System.currentTimeMillis());
        ControlChannel.of(runDirectory.toPath()).write(request);
        return request.id();
    }
}
