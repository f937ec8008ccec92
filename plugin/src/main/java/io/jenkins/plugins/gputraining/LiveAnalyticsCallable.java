package io.jenkins.plugins.gputraining;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.io.File;
import jenkins.MasterToSlaveFileCallable;

/** A live run's analytics JSON. */
final class LiveAnalyticsCallable extends MasterToSlaveFileCallable<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String invoke(final File runDirectory, final VirtualChannel channel) {
        return AnalyticsJson.toJson(NodeRunIndexes.index(RunDirectory.at(runDirectory.toPath())).analytics());
    }
}
