package io.jenkins.plugins.gputraining;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jenkins.MasterToSlaveFileCallable;

/**
 * The files of a run's checkpoints below a base directory (the workspace), as pairs {checkpoint path, file
 * path relative to the base}; checkpoints outside the base are left out.
 */
final class CheckpointFilesCallable extends MasterToSlaveFileCallable<ArrayList<String[]>> {
    private static final long serialVersionUID = 1L;
    private final String base;

    CheckpointFilesCallable(final String base) {
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
