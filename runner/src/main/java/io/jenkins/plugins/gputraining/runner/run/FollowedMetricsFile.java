package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.runner.parse.MetricsFileFollower;
import io.jenkins.plugins.gputraining.runner.parse.Observation;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * A metrics file the agent follows, counting the records it took into {@link ReadPositions}: an agent attaching to
 * a run reads the file from its start again and skips the records a previous agent took. Thread-safe.
 */
final class FollowedMetricsFile {
    private final MetricsFileFollower follower;
    private final ReadPositions positions;
    private long taken;
    private long toSkip;

    FollowedMetricsFile(final Path file, final Clock clock, final ReadPositions positions) {
        this.follower = new MetricsFileFollower(file, clock);
        this.positions = positions;
        this.taken = positions.fileRecords(file);
        this.toSkip = taken;
    }

    Path file() {
        return follower.file();
    }

    /**
     * Hands the new records (complete lines only; with {@code toEnd}, a last line without its newline too, for when
     * the training has exited) to {@code sink}, then counts them as taken: one {@link ReadPositions#step}.
     *
     * @return how many there were
     */
    synchronized int take(final boolean toEnd, final Consumer<List<Observation>> sink,
                          final ReadPositions.FailureReport report) {
        return positions.step(follower.file().toString(), () -> {
            List<Observation> read = toEnd ? follower.drain() : follower.poll();
            int skipped = (int) Math.min(toSkip, read.size());
            toSkip -= skipped;
            List<Observation> fresh = read.subList(skipped, read.size());
            sink.accept(fresh);
            taken += fresh.size();
            positions.fileRecords(follower.file(), taken);
            return fresh.size();
        }, report);
    }

    /** The next {@code count} records were recorded by an earlier agent after it last saved its positions. */
    synchronized void skipMore(final long count) {
        toSkip += count;
    }

    /** Why the last read failed, if it did. */
    String lastProblem() {
        return follower.lastProblem().orElse(null);
    }

}
