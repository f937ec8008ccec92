package io.jenkins.plugins.gputraining.runner.cli;

import io.jenkins.plugins.gputraining.model.analytics.AnalyticsCsv;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code analyze RUN_DIR}: the run analytics, as the service's {@code /analytics} endpoint gives them. */
@Command(name = "analyze", description = "Prints the analytics of one run directory (JSON, or CSV key,value rows).")
public final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "A run directory (holding progress.json).")
    private Path runDirectory;

    @Mixin
    private ExportFormat export;

    @Override
    public Integer call() {
        return CliErrors.guard(() -> {
            RunAnalytics analytics = new RunAnalyzer().analyze(RunDirectory.at(runDirectory));
            System.out.print(export.csv() ? AnalyticsCsv.flattened(analytics)
                    : AnalyticsJson.toPrettyJson(analytics) + System.lineSeparator());
            return 0;
        });
    }
}
