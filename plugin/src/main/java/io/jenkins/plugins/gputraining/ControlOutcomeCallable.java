package io.jenkins.plugins.gputraining;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.io.File;
import jenkins.MasterToSlaveFileCallable;

/** The agent's answer to a control request, if it has answered, else null. */
final class ControlOutcomeCallable extends MasterToSlaveFileCallable<ControlOutcome> {
    private static final long serialVersionUID = 1L;
    private final String requestId;

    ControlOutcomeCallable(final String requestId) {
        this.requestId = requestId;
    }

    @Override
    public ControlOutcome invoke(final File runDirectory, final VirtualChannel channel) {
        return ControlOutcome.find(RunDirectory.at(runDirectory.toPath()).events(), requestId).orElse(null);
    }
}
