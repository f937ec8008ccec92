package io.jenkins.plugins.gputraining.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archived run read in place from the controller's disk: Jenkins archives links as links, and the review found
 * that only progress.json was checked, so metrics, telemetry and events followed links to other jobs' artifacts or
 * the controller's files. Real run directories, real links.
 */
class ArchivedRunLinksTest {
    @TempDir
    Path jenkinsHome;

    private final RunAnalyzer analyzer = new RunAnalyzer();

    @Test
    void aDataFileLinkedOutOfTheArchivedRunIsNotRead() throws Exception {
        // Another job's archived run, with many steps, and this build's, with few.
        Path other = RunFixture.in(jenkinsHome.resolve("jobs/secret/builds/1/archive/gpu-training/run"), "run")
                .curve(40, 1.0, 2.0, 0.9, 100).exited().endedAt(41).write().path();
        Path archived = RunFixture.in(jenkinsHome.resolve("jobs/mine/builds/7/archive/gpu-training/run"), "run")
                .curve(3, 1.0, 2.0, 0.9, 100).exited().endedAt(4).write().path();
        for (String name : RunFiles.ANALYSED.subList(1, RunFiles.ANALYSED.size())) {
            Files.delete(archived.resolve(name));
            Files.createSymbolicLink(archived.resolve(name), other.resolve(name));
        }
        assertThat(LoadedRun.load(RunDirectory.at(archived), analyzer).analytics().performance().steps())
                .as("what reading without the check gets: the other job's metrics").isEqualTo(40L);

        assertThatThrownBy(() -> LoadedRun.loadArchived(archived, analyzer))
                .isInstanceOf(ApiRequestException.class)
                .hasMessage(ProgressFormat.METRICS_FILE + " of the archived run is a link out of its folder; the run "
                        + "is not read")
                .satisfies(e -> assertThat(((ApiRequestException) e).status()).isEqualTo(403));
        for (String name : RunFiles.ANALYSED.subList(2, RunFiles.ANALYSED.size())) {
            Files.delete(archived.resolve(ProgressFormat.METRICS_FILE));
            Files.writeString(archived.resolve(ProgressFormat.METRICS_FILE), "");
            assertThatThrownBy(() -> LoadedRun.loadArchived(archived, analyzer)).hasMessageStartingWith(name);
            Files.delete(archived.resolve(name));
            Files.writeString(archived.resolve(name), "");
        }
    }

    @Test
    void linksInsideTheArchivedRunAndPlainFilesAreRead() throws Exception {
        Path archived = RunFixture.in(jenkinsHome.resolve("jobs/mine/builds/8/archive/gpu-training/run"), "run")
                .curve(5, 1.0, 2.0, 0.9, 100).exited().endedAt(6).write().path();
        Files.move(archived.resolve(ProgressFormat.METRICS_FILE), archived.resolve("metrics-copy.jsonl"));
        Files.createSymbolicLink(archived.resolve(ProgressFormat.METRICS_FILE), archived.resolve("metrics-copy.jsonl"));

        assertThat(LoadedRun.loadArchived(archived, analyzer).analytics().performance().steps()).isEqualTo(5L);
    }

    @Test
    void aLinkToAFileOfTheControllerIsRefused() throws Exception {
        Path secret = Files.writeString(jenkinsHome.resolve("secret.key"), "{\"time\": 1, \"loss\": 0.5}\n");
        Path archived = RunFixture.in(jenkinsHome.resolve("jobs/mine/builds/9/archive/gpu-training/run"), "run")
                .curve(5, 1.0, 2.0, 0.9, 100).exited().endedAt(6).write().path();
        Files.delete(archived.resolve(ProgressFormat.EVENTS_FILE));
        Files.createSymbolicLink(archived.resolve(ProgressFormat.EVENTS_FILE), secret);

        assertThatThrownBy(() -> LoadedRun.loadArchived(archived, analyzer))
                .hasMessageStartingWith(ProgressFormat.EVENTS_FILE + " of the archived run is a link out");
    }
}
