package io.jenkins.plugins.gputraining.model.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose agent died is measured to its last sign of life, not to the reader's clock. */
class InterruptedRunAnalyticsTest {
    @TempDir
    Path root;

    @Test
    void aRunLeftRunningByADeadAgentEndsAtItsLastHeartbeat() throws Exception {
        RunDirectory run = RunFixture.run(root, "killed").loss(1, 10, 2.0).loss(3, 20, 1.5).write();
        try (RunWriter writer = RunWriter.open(run.path())) {
            // What a killed agent leaves: running, no identity a reader here could check, heartbeat at 3.3 s.
            writer.writeProgress(ProgressSnapshot.start("killed", "killed", RunFixture.at(0))
                    .updatedAt(RunFixture.at(3.3)).build());
        }
        RunAnalyzer analyzer = new RunAnalyzer(Clock.fixed(RunFixture.at(966), ZoneOffset.UTC),
                AlertThresholds.defaults());

        RunAnalytics analytics = analyzer.analyze(run);
        Summary summary = SummaryCalculator.summarize(List.of(RunSummary.of(analytics)), List.of());

        assertThat(analytics.status()).isEqualTo("interrupted");
        assertThat(analytics.endedAt()).isEqualTo(RunFixture.at(3.3).toString());
        assertThat(analytics.duration().wallSeconds()).isEqualTo(3.3);
        assertThat(summary.runsByStatus()).containsEntry("interrupted", 1).containsEntry("running", 0);
        assertThat(summary.totalTrainingSeconds()).isEqualTo(3.3);
    }
}
