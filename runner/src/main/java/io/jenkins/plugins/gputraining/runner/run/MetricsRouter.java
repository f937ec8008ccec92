package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.runner.parse.ConsoleLine;
import io.jenkins.plugins.gputraining.runner.parse.MetricRecordMapper;
import io.jenkins.plugins.gputraining.runner.parse.Observation;
import io.jenkins.plugins.gputraining.runner.parse.ProgressParser;
import io.jenkins.plugins.gputraining.runner.parse.ThroughputEstimator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where metric observations go. When progress comes from a metrics file (given with --metrics-file, or written by the
 * trainer to GPU_TRAINING_METRICS_FILE), that file is the source of truth and console lines add only what it lacks
 * (a final summary line without step or loss): otherwise every step would count twice. Thread-safe.
 */
final class MetricsRouter {
    private final RunRecorder recorder;
    private final ConsoleStatus status;
    private final ProgressParser parser;
    private final ThroughputEstimator throughput;
    private final Path trainerMetrics;
    private volatile boolean fileActive;
    /** The records metrics.jsonl holds (those an earlier agent wrote included). */
    private long recorded;
    /** Console records an earlier agent recorded already (see {@link ReadPositions}): made again, not recorded. */
    private long consoleToSkip;

    /**
     * @param recordedAlready the records metrics.jsonl holds already (an agent attaching to a run)
     */
    MetricsRouter(final RunRecorder recorder, final ConsoleStatus status, final ProgressParser parser,
                  final ThroughputEstimator throughput, final Path trainerMetrics, final boolean metricsFileGiven,
                  final long recordedAlready) {
        this.recorder = recorder;
        this.status = status;
        this.parser = parser;
        this.throughput = throughput;
        this.trainerMetrics = trainerMetrics;
        this.fileActive = metricsFileGiven;
        this.recorded = recordedAlready;
    }

    /** How many records metrics.jsonl holds. */
    synchronized long recorded() {
        return recorded;
    }

    /** The next {@code count} records made from console lines were recorded by an earlier agent: skip them. */
    synchronized void skipConsoleRecords(final long count) {
        consoleToSkip += count;
    }

    /**
     * A line of the training's output.
     *
     * @return whether it made a record
     */
    boolean fromConsole(final ConsoleLine line) {
        Optional<Observation> parsed = parser.parse(line.text(), recorder.now());
        if (parsed.isEmpty()) {
            return false;
        }
        Observation observation = parsed.get();
        boolean progress = observation.step() != null || observation.loss() != null;
        if (progress && !fileActive && Files.exists(trainerMetrics)) {
            fileActive = true;
        }
        if (!progress || !fileActive) {
            synchronized (this) {
                if (consoleToSkip > 0) {
                    consoleToSkip--;
                    return false;
                }
                record(observation);
            }
            return true;
        }
        return false;
    }

    /** Records read from a metrics file. */
    void fromFile(final List<Observation> observations) {
        if (!observations.isEmpty()) {
            fileActive = true;
        }
        observations.forEach(this::record);
    }

    /** A relaunched trainer starts a new throughput interval (its first step is not a rate). */
    void restartInterval() {
        throughput.restartInterval();
    }

    private synchronized void record(final Observation observation) {
        MetricRecord record = MetricRecordMapper.toRecord(observation, throughput.next(observation));
        recorder.metric(record);
        recorded++;
        status.metric(record);
    }
}
