package io.jenkins.plugins.gputraining;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gputraining.api.SeriesQuery;
import io.jenkins.plugins.gputraining.api.TrainingJson;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.series.RunSeries;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import jenkins.MasterToSlaveFileCallable;

/**
 * What the plugin asks of a build's node, run there on a run directory (or the workspace) through
 * {@code FilePath.act}: the model reads the files where they are and only small answers cross the channel.
 */
final class NodeCalls {
    private NodeCalls() {
    }

    /** The node's Java: {@code java.home} of the agent JVM, as {@code <home>/bin/java}. */
    static final class JavaExecutable extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String invoke(final File file, final VirtualChannel channel) {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }

    /** A live run's analytics JSON. */
    static final class LiveAnalytics extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String invoke(final File runDirectory, final VirtualChannel channel) {
            return AnalyticsJson.toJson(new RunAnalyzer().analyze(RunDirectory.at(runDirectory.toPath())));
        }
    }

    /** A live run's series JSON. */
    static final class LiveSeries extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;
        private final boolean gpu;
        private final String metric;
        private final String axis;
        private final String points;

        LiveSeries(final boolean gpu, final String metric, final String axis, final String points) {
            this.gpu = gpu;
            this.metric = metric;
            this.axis = axis;
            this.points = points;
        }

        @Override
        public String invoke(final File runDirectory, final VirtualChannel channel) {
            SeriesQuery query = gpu ? SeriesQuery.gpu(metric, points) : SeriesQuery.training(metric, axis, points);
            return TrainingJson.series(RunSeries.read(RunDirectory.at(runDirectory.toPath())), query);
        }
    }

    /** The agent's answer to a control request, if it has answered, else null. */
    static final class FindOutcome extends MasterToSlaveFileCallable<ControlOutcome> {
        private static final long serialVersionUID = 1L;
        private final String requestId;

        FindOutcome(final String requestId) {
            this.requestId = requestId;
        }

        @Override
        public ControlOutcome invoke(final File runDirectory, final VirtualChannel channel) {
            return ControlOutcome.find(RunDirectory.at(runDirectory.toPath()).events(), requestId).orElse(null);
        }
    }

    /**
     * The files of a run's checkpoints below a base directory (the workspace), as pairs {checkpoint path, file
     * path relative to the base}; checkpoints outside the base are left out.
     */
    static final class CheckpointFiles extends MasterToSlaveFileCallable<ArrayList<String[]>> {
        private static final long serialVersionUID = 1L;
        private final String base;

        CheckpointFiles(final String base) {
            this.base = base;
        }

        @Override
        public ArrayList<String[]> invoke(final File runDirectory, final VirtualChannel channel) throws IOException {
            ProgressSnapshot progress = RunDirectory.at(runDirectory.toPath()).readProgress();
            Path root = Path.of(base).toAbsolutePath().normalize();
            Path workdir = progress.workingDirectory() == null ? root : Path.of(progress.workingDirectory());
            ArrayList<String[]> files = new ArrayList<>();
            for (Checkpoint checkpoint : progress.checkpoints()) {
                if (checkpoint.path() == null) {
                    continue;
                }
                Path path = workdir.resolve(checkpoint.path()).toAbsolutePath().normalize();
                if (!path.startsWith(root) || !Files.exists(path)) {
                    continue;
                }
                List<Path> members = new ArrayList<>();
                if (Files.isDirectory(path)) {
                    try (Stream<Path> walk = Files.walk(path)) {
                        walk.filter(Files::isRegularFile).forEach(members::add);
                    }
                }
                else {
                    members.add(path);
                }
                for (Path member : members) {
                    files.add(new String[] {checkpoint.path(), root.relativize(member).toString().replace('\\', '/')});
                }
            }
            return files;
        }
    }
}
