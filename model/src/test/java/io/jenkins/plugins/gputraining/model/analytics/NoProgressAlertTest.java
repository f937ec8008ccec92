package io.jenkins.plugins.gputraining.model.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code no_progress_parsed}: the agent read a training's output and found no step and no loss in it. */
class NoProgressAlertTest {
    private static final String MESSAGE = "no progress found in 1234 lines of output; try --format regex:…";

    @TempDir
    Path root;

    private final RunAnalyzer analyzer = new RunAnalyzer();

    private static LifecycleEvent noProgress(final double offset, final long lines) {
        return LifecycleEvent.of(RunFixture.T0 + offset, LifecycleEvent.NO_PROGRESS, MESSAGE)
                .with("lines", lines).with("format", "auto").with("at_end", true);
    }

    @Test
    void aRunWhoseOutputYieldedNoProgressRaisesTheAlertAndADataQualityProblem() {
        RunDirectory run = RunFixture.run(root, "silent").endedAt(90).withoutGpu("none")
                .event(noProgress(90, 1234)).write();

        RunAnalytics analytics = analyzer.analyze(run);

        assertThat(analytics.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(Alert.NO_PROGRESS_PARSED);
            assertThat(alert.severity()).isEqualTo("warning");
            assertThat(alert.message()).contains("1234 lines", "--format");
            assertThat(alert.value()).isEqualTo(1234.0);
            assertThat(alert.firstSeen()).isEqualTo(RunFixture.at(90).toString());
        });
        assertThat(analytics.dataQuality().metricRecords()).isZero();
        assertThat(analytics.dataQuality().problems()).singleElement().asString()
                .startsWith("output.log: no progress found in 1234 lines");
    }

    @Test
    void progressThatCameAfterTheFirstMinutesWarningClearsIt() {
        RunDirectory run = RunFixture.run(root, "late").endedAt(200).withoutGpu("none")
                .event(noProgress(60, 500)).loss(150, 10, 2.0).write();

        RunAnalytics analytics = analyzer.analyze(run);

        assertThat(analytics.alerts()).isEmpty();
        assertThat(analytics.dataQuality().problems()).isEmpty();
    }

    @Test
    void aRunWithoutTheAgentsWordRaisesNothing() {
        RunDirectory run = RunFixture.run(root, "recorded-elsewhere").endedAt(90).withoutGpu("none").write();

        assertThat(analyzer.analyze(run).alerts()).isEmpty();
    }
}
