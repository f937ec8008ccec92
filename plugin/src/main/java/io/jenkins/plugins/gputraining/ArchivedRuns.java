package io.jenkins.plugins.gputraining;

import hudson.model.Run;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.jenkins.plugins.gputraining.api.LoadedRun;
import io.jenkins.plugins.gputraining.api.RunFiles;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import jenkins.util.VirtualFile;

/**
 * Reads a build's archived run through its {@code ArtifactManager} ({@link VirtualFile}), so remote artifact
 * storage works: when the artifacts are local files they are read in place, once each file is checked not to be a
 * link out of the run's folder, through the run index stored next to them (built and stored on first read when the
 * runner left none); otherwise the four files the analytics read and the stored index (not output.log, not
 * checkpoints) are copied through {@link VirtualFile} into a temporary directory, read, and the copy deleted.
 */
final class ArchivedRuns {
    private static final RunAnalyzer ANALYZER = new RunAnalyzer();

    private ArchivedRuns() {
    }

    /** The run's artifact folder. */
    static VirtualFile folder(final Run<?, ?> build, final TrainingRun run) {
        return build.getArtifactManager().root().child(RunFiles.ARTIFACTS_FOLDER).child(run.getId());
    }

    /** Loads the archived run. */
    static LoadedRun load(final Run<?, ?> build, final TrainingRun run) {
        VirtualFile folder = folder(build, run);
        try {
            if (!folder.child(RunFiles.ANALYSED.get(0)).isFile()) {
                throw ApiRequestException.notFound("build " + build.getDisplayName() + " has no archived progress.json for "
                        + "training run " + run.getId());
            }
            URI uri = folder.toURI();
            if ("file".equals(uri.getScheme())) {
                // Read in place: every file is checked for links out of the run's folder first.
                return LoadedRun.loadArchived(Path.of(uri), ANALYZER);
            }
            Path copy = Files.createTempDirectory("gpu-training-");
            try {
                for (String name : RunFiles.INDEXED) {
                    VirtualFile file = folder.child(name);
                    if (file.isFile()) {
                        try (InputStream in = file.open()) {
                            Files.copy(in, copy.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                return LoadedRun.load(RunDirectory.at(copy), ANALYZER, false);
            }
            finally {
                deleteQuietly(copy);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the archived training run " + run.getId() + " of "
                    + build.getFullDisplayName() + ": " + e.getMessage(), e);
        }
        catch (ProgressException e) {
            throw new ProgressException("the archived training run " + run.getId() + " of "
                    + build.getFullDisplayName() + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** The bytes of one archived file of the run ({@code progress.json}). */
    static byte[] read(final Run<?, ?> build, final TrainingRun run, final String name) throws IOException {
        VirtualFile file = folder(build, run).child(name);
        if (!file.isFile()) {
            throw ApiRequestException.notFound(name + " was not archived for training run " + run.getId());
        }
        try (InputStream in = file.open()) {
            return in.readAllBytes();
        }
    }

    private static void deleteQuietly(final Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                }
                catch (IOException e) {
                    // A temporary file left behind is harmless.
                }
            });
        }
        catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
