package io.jenkins.plugins.gputraining.runner.cli;

import picocli.CommandLine.Option;

/** The {@code --output json|csv} option of the analytics commands. */
final class ExportFormat {
    enum Kind { json, csv }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "json",
            description = "json (default) or csv.")
    private Kind kind = Kind.json;

    boolean csv() {
        return kind == Kind.csv;
    }
}
