package io.jenkins.plugins.gputraining.runner.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * A captured console log fed to {@code --format auto} the way {@code run} feeds it: through the line splitter, every
 * overwritten frame and every line, in order. Lines arrive 10 ms apart: no burst (see ConsoleProgressReader).
 */
final class LogReplay {
    static final double START = 1_767_225_600.0;

    private LogReplay() {
    }

    /** The records a fixture's log yields, knowing only what the agent knows before the output starts. */
    static List<Observation> replay(final String resource, final ProgressHints hints) {
        return replay(Fixtures.bytes(resource), hints);
    }

    static List<Observation> replay(final byte[] log, final ProgressHints hints) {
        ProgressReader reader = OutputFormat.auto().reader(hints);
        List<Observation> records = new ArrayList<>();
        double[] time = {START};
        ConsoleLineSplitter splitter = new ConsoleLineSplitter(
                line -> reader.line(line.text(), time[0] += 0.01, records::add),
                frame -> reader.frame(frame.text(), time[0] += 0.01, records::add));
        splitter.accept(log, 0, log.length);
        splitter.finish();
        reader.finish(time[0], records::add);
        return records;
    }

    /** The records that carry a training loss. */
    static List<Observation> losses(final List<Observation> records) {
        return records.stream().filter(record -> record.loss() != null).toList();
    }

    /** The records that carry {@code metric}. */
    static List<Observation> with(final List<Observation> records, final String metric) {
        return records.stream().filter(record -> record.metrics().containsKey(metric)).toList();
    }

    /** What the agent knows from the command it runs (no {@code --batch-size} of its own). */
    static ProgressHints command(final String... command) {
        return ProgressHints.of(null, List.of(command));
    }
}
