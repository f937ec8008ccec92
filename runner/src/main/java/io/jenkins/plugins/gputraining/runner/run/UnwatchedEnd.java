package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.runner.process.TrainingFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * When a training that ended while no agent watched it ended: when its wrapper recorded the exit code, else its last
 * sign of life — the latest of the run's heartbeat, its last event and the training's last output.
 */
final class UnwatchedEnd {
    private UnwatchedEnd() {
    }

    static Instant of(final ProgressSnapshot progress, final List<LifecycleEvent> events, final TrainingFiles files) {
        Instant recorded = modified(files.exitCodeFile());
        if (recorded != null) {
            return recorded;
        }
        Instant last = progress.updatedAt() != null ? progress.updatedAt() : progress.startedAt();
        for (LifecycleEvent event : events) {
            last = later(last, RunRecorder.instant(event.time()));
        }
        return later(last, modified(files.outputLog()));
    }

    private static Instant later(final Instant a, final Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Instant modified(final Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        }
        catch (IOException e) {
            return null;
        }
    }
}
