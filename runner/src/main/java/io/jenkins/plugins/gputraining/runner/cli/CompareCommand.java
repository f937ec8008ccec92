package io.jenkins.plugins.gputraining.runner.cli;

import io.jenkins.plugins.gputraining.model.analytics.AnalyticsCsv;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.analytics.ComparisonCalculator;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code compare RUN_DIR…}: runs side by side with the winner of each category. */
@Command(name = "compare", description = "Compares runs and names the winner of each category (JSON, or a CSV table).")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "RUN_DIR", description = "Two or more run directories.")
    private List<Path> runDirectories;

    @Mixin
    private ExportFormat export;

    @Override
    public Integer call() {
        return CliErrors.guard(() -> {
            RunAnalyzer analyzer = new RunAnalyzer();
            List<RunAnalytics> runs = runDirectories.stream()
                    .map(directory -> analyzer.analyze(RunDirectory.at(directory)))
                    .toList();
            Comparison comparison = ComparisonCalculator.compare(runs);
            System.out.print(export.csv() ? AnalyticsCsv.comparison(comparison)
                    : AnalyticsJson.toPrettyJson(comparison) + System.lineSeparator());
            return 0;
        });
    }
}
