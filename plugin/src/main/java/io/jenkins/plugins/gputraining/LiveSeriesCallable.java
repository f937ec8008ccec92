package io.jenkins.plugins.gputraining;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gputraining.model.api.SeriesQuery;
import io.jenkins.plugins.gputraining.api.TrainingJson;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.io.File;
import jenkins.MasterToSlaveFileCallable;

/** A live run's series JSON. */
final class LiveSeriesCallable extends MasterToSlaveFileCallable<String> {
    private static final long serialVersionUID = 1L;
    private final boolean gpu;
    private final String metric;
    private final String axis;
    private final String points;

    LiveSeriesCallable(final boolean gpu, final String metric, final String axis, final String points) {
        this.gpu = gpu;
        this.metric = metric;
        this.axis = axis;
        this.points = points;
    }

    @Override
    public String invoke(final File runDirectory, final VirtualChannel channel) {
        SeriesQuery query = gpu ? SeriesQuery.gpu(metric, points) : SeriesQuery.training(metric, axis, points);
        return TrainingJson.series(NodeRunIndexes.index(RunDirectory.at(runDirectory.toPath())), query);
    }
}
