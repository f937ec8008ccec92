package io.jenkins.plugins.gputraining;

import static io.jenkins.plugins.gputraining.JenkinsMocks.build;
import static io.jenkins.plugins.gputraining.JenkinsMocks.job;
import static io.jenkins.plugins.gputraining.JenkinsMocks.recordedRun;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.gputraining.view.TrainedBuild;
import io.jenkins.plugins.gputraining.view.TrainingBuildView;
import io.jenkins.plugins.gputraining.view.TrainingRunView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's training action with a mocked build (after coverage-plugin's CoverageBuildActionTest). */
class TrainingBuildActionTest {
    @TempDir
    Path temp;

    private Run<?, ?> build;
    private TrainingBuildAction action;

    @BeforeEach
    void aBuildWithOneRecordedRun() {
        build = build("pages", 12, Result.UNSTABLE, temp);
        recordedRun(build, temp, "tiny", 0.5);
        job("pages", List.of(build));
        action = build.getAction(TrainingBuildAction.class);
    }

    @Test
    void isAttachedOnceAndNamesItsPage() {
        assertThat(TrainingBuildAction.attach(build)).isSameAs(action);
        assertThat(action.getOwner()).isSameAs(build);
        assertThat(action.getUrlName()).isEqualTo("training");
        assertThat(action.getDisplayName()).isEqualTo("GPU Training");
        assertThat(action.getIconFileName()).endsWith("gpu-training.svg");
        action.onLoad(build);
        assertThat(action.getOwner()).isSameAs(build);
    }

    @Test
    void allocatesUniqueRunIdsAndKeys() {
        TrainingRun second = action.allocate("tiny", "again", "recordTraining", "now");
        TrainingRun third = action.allocate("tiny", "again", "recordTraining", "now");
        assertThat(second.getId()).isEqualTo("tiny-2");
        assertThat(third.getId()).isEqualTo("tiny-3");
        assertThat(action.keyOf(second)).isEqualTo("12.2");
        assertThat(action.getRun("tiny-3")).isSameAs(third);
        assertThat(action.getRun("none")).isNull();
        assertThat(action.getRun(5)).isNull();
        assertThat(action.getRuns()).hasSize(3);
    }

    @Test
    void proxiesItsPageToAJenkinsFreeViewModel() {
        action.allocate("live", "still running", "trainOnGpu", "now");

        TrainingBuildView view = action.getTarget();

        assertThat(view.getBuildName()).isEqualTo("pages #12");
        assertThat(view.getBuildUrl()).isEqualTo("job/pages/12/");
        assertThat(view.getApiPath()).isEqualTo("job/pages/training/data");
        assertThat(view.getRoute()).isEqualTo("/run/12");
        assertThat(view.getTitle()).isEqualTo("pages #12 · GPU Training");
        TrainingRunView recorded = view.getRuns().get(0);
        assertThat(recorded.getKey()).isEqualTo("12");
        assertThat(recorded.getName()).isEqualTo("tiny");
        assertThat(recorded.isLive()).isFalse();
        assertThat(recorded.getCards()).isNotEmpty();
        assertThat(recorded.getCheckpoints()).singleElement().satisfies(row -> {
            assertThat(row.isArchived()).isTrue();
            assertThat(row.getArtifactPath()).isEqualTo("gpu-training/tiny/checkpoints/out/checkpoint-20");
        });
        assertThat(recorded.getArtifactPath()).isEqualTo("gpu-training/tiny");
        assertThat(recorded.getGateResult()).isNull();
        assertThat(recorded.getGateFailures()).isEmpty();
        TrainingRunView running = view.getRuns().get(1);
        assertThat(running.getKey()).isEqualTo("12.2");
        assertThat(running.getCheckpoints()).isEmpty();
        assertThat(running.getAlerts()).isEmpty();
        assertThat(running.getId()).isEqualTo("live");
    }

    @Test
    void anUnreadableArchiveShowsNoCheckpointsRatherThanFailing() throws Exception {
        Files.writeString(temp.resolve("gpu-training/tiny/progress.json"), "{ not json");
        TrainingRun run = action.getRun("tiny");
        run.recorded(run.getSummary(), null, List.of());
        assertThat(action.getCheckpoints(run)).isEmpty();
        assertThat(action.getAlerts(run)).isEmpty();
    }

    @Test
    void theBadgeShowsTheFirstRecordedRunsEfficiency() {
        assertThat(action.getBadgeRun()).isSameAs(action.getRun("tiny"));
        assertThat(action.getBadgeText()).isNotBlank();
        assertThat(action.getBadgeClass()).startsWith("gpu-training-badge--");
        assertThat(action.getBadgeTooltip()).startsWith("GPU training efficiency · tiny: ");
        assertThat(action.hasRecordedRun()).isTrue();

        Run<?, ?> running = build("pages", 13, null, null);
        job("pages", List.of(running));
        TrainingBuildAction empty = TrainingBuildAction.attach(running);
        assertThat(empty.getBadgeRun()).isNull();
        assertThat(empty.getBadgeText()).isEqualTo("n/a");
        assertThat(empty.hasRecordedRun()).isFalse();
        assertThat(empty.getTarget().getRoute()).isNull();
    }

    @Test
    void isWhatJobPagesSee() {
        TrainedBuild trained = action.toTrainedBuild();
        assertThat(trained.number()).isEqualTo(12);
        assertThat(trained.result()).isEqualTo("UNSTABLE");
        assertThat(trained.runs()).hasSize(1);
        assertThat(trained.key(0).toString()).isEqualTo("12");
    }
}
