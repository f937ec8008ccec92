package io.jenkins.plugins.gputraining.benchmarks.agent;

import io.jenkins.plugins.gputraining.benchmarks.BenchCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** {@code bench …} run in-process through picocli, as {@code java -jar benchmarks.jar …} runs it. */
record BenchRun(int exitCode, String out, String err) {
    static BenchRun of(final String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
        return new BenchRun(exitCode, out.toString(), err.toString());
    }

    /** The line of the table that starts with this label. */
    String row(final String label) {
        return out.lines().filter(line -> line.startsWith(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no row '" + label + "' in:\n" + out + "\nstderr:\n" + err));
    }
}
