package io.jenkins.plugins.gputraining.runner.cli;

import io.jenkins.plugins.gputraining.model.analytics.AnalyticsCsv;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.analytics.Summary;
import io.jenkins.plugins.gputraining.model.index.RunIndexCache;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code summary DIR…}: the multi-run summary over run directories, or folders of them. */
@Command(name = "summary", description = "Prints the summary of many runs: each DIR is a run directory or a folder of them.")
public final class SummaryCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Run directories, or folders holding run directories.")
    private List<Path> directories;

    @Mixin
    private ExportFormat export;

    @Override
    public Integer call() {
        return CliErrors.guard(() -> {
            List<RunDirectory> runs = new ArrayList<>();
            for (Path directory : directories) {
                runs.addAll(RunDirectory.isRunDirectory(directory) ? List.of(RunDirectory.at(directory))
                        : RunDirectory.list(directory));
            }
            // Runs with a stored index (the runner writes one when a run ends) are summarised from its header.
            Summary summary = new RunIndexCache(new RunAnalyzer(), Clock.systemUTC(), RunIndexCache.DEFAULT_MAX_BYTES,
                    false, null).summarize(runs);
            System.out.print(export.csv() ? AnalyticsCsv.flattened(summary)
                    : AnalyticsJson.toPrettyJson(summary) + System.lineSeparator());
            return 0;
        });
    }
}
