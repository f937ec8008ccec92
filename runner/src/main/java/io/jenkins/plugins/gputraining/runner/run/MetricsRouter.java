package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.runner.parse.ConsoleBatch;
import io.jenkins.plugins.gputraining.runner.parse.ConsoleLine;
import io.jenkins.plugins.gputraining.runner.parse.MetricRecordMapper;
import io.jenkins.plugins.gputraining.runner.parse.MetricsFileFollower;
import io.jenkins.plugins.gputraining.runner.parse.Observation;
import io.jenkins.plugins.gputraining.runner.parse.ProgressReader;
import io.jenkins.plugins.gputraining.runner.parse.ThroughputEstimator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where metric observations go. When progress comes from a metrics file (given with --metrics-file, or written by the
 * trainer to GPU_TRAINING_METRICS_FILE), that file is the source of truth and console lines add only what it lacks
 * (a final summary line without step or loss): otherwise every step would count twice. A run whose output yields no
 * progress says so at its first minute and at its end (docs/agent.md). Thread-safe; console lines come from one
 * thread.
 */
final class MetricsRouter {
    private static final long NO_PROGRESS_WARNING_MILLIS = 60_000;

    private final RunRecorder recorder;
    private final ConsoleStatus status;
    private final ProgressReader reader;
    private final ThroughputEstimator throughput;
    private final Path trainerMetrics;
    private final String format;
    private volatile boolean fileActive;
    private final ConsoleBatch consoleBatch = new ConsoleBatch();
    private volatile long consoleLines;
    private long progressRecords;
    private boolean warnedEarly;
    private double lastFileCheck = Double.NEGATIVE_INFINITY;
    /** The records metrics.jsonl holds (those an earlier agent wrote included). */
    private long recorded;
    /** Console records an earlier agent recorded already (see {@link ReadPositions}): made again, not recorded. */
    private long consoleToSkip;

    /**
     * @param format          the --format in force, named in the no-progress warning
     * @param recordedAlready the records metrics.jsonl holds already (an agent attaching to a run)
     */
    MetricsRouter(final RunRecorder recorder, final ConsoleStatus status, final ProgressReader reader,
                  final ThroughputEstimator throughput, final Path trainerMetrics, final boolean metricsFileGiven,
                  final String format, final long recordedAlready) {
        this.recorder = recorder;
        this.status = status;
        this.reader = reader;
        this.throughput = throughput;
        this.trainerMetrics = trainerMetrics;
        this.fileActive = metricsFileGiven;
        this.format = format;
        this.recorded = recordedAlready;
        // An attaching agent does not judge what an earlier one recorded: it warns only of a run that had nothing.
        this.progressRecords = recordedAlready;
    }

    /** How many records metrics.jsonl holds. */
    synchronized long recorded() {
        return recorded;
    }

    /** The next {@code count} records made from console lines were recorded by an earlier agent: skip them. */
    synchronized void skipConsoleRecords(final long count) {
        consoleToSkip += count;
    }

    /** A line of the training's output; its records wait for {@link #flushConsole()}. */
    void fromConsole(final ConsoleLine line) {
        consoleLines++;
        reader.line(line.text(), recorder.now(), this::observed);
    }

    /** A progress-bar frame a later frame overwrote: a record when it shows a new value. */
    void fromFrame(final ConsoleLine frame) {
        reader.frame(frame.text(), recorder.now(), this::observed);
    }

    /** The output ended (the training exited, or stopped for a relaunch): what the reader held back. */
    void endOfOutput() {
        reader.finish(recorder.now(), this::observed);
    }

    private void observed(final Observation observation) {
        boolean progress = observation.step() != null || observation.loss() != null;
        if (progress && !fileActive && fileMayExist(observation.time()) && Files.exists(trainerMetrics)) {
            fileActive = true;
        }
        if (!progress || !fileActive) {
            batch(observation);
        }
    }

    private synchronized void batch(final Observation observation) {
        if (consoleToSkip > 0) {
            consoleToSkip--;
            return;
        }
        countProgress(observation);
        consoleBatch.add(observation);
    }

    /**
     * Writes the console records of the chunk of output just read, in one write: at 100,000 lines/s a write per
     * record would be most of the cost.
     *
     * @return how many records it wrote
     */
    synchronized int flushConsole() {
        return consoleBatch.isEmpty() ? 0 : write(consoleBatch.drain());
    }

    /** Records read from a metrics file, written together. */
    synchronized void fromFile(final List<Observation> observations) {
        if (observations.isEmpty()) {
            return;
        }
        fileActive = true;
        observations.forEach(this::countProgress);
        write(observations);
    }

    /** Holding the lock: records the observations in one write; returns how many. */
    private int write(final List<Observation> observations) {
        List<MetricRecord> records = new ArrayList<>(observations.size());
        for (Observation observation : observations) {
            records.add(MetricRecordMapper.toRecord(observation, throughput.next(observation)));
        }
        recorder.metrics(records);
        recorded += records.size();
        status.metric(records.get(records.size() - 1));
        return records.size();
    }

    /** A relaunched trainer starts a new throughput interval (its first step is not a rate). */
    void restartInterval() {
        throughput.restartInterval();
    }

    /**
     * At the first minute and at the end: when no record with a step or a loss came from the output or a metrics
     * file, says so on the console and in events.jsonl, which the analytics turn into an alert.
     */
    synchronized void warnIfNoProgress(final long elapsedMillis, final boolean atEnd) {
        if (progressRecords > 0 || !atEnd && (warnedEarly || elapsedMillis < NO_PROGRESS_WARNING_MILLIS)) {
            return;
        }
        warnedEarly = true;
        String message = "no progress found in " + consoleLines + " lines of output"
                + (atEnd ? "" : " in the first minute") + "; try --format regex:… (or hf, jsonl), "
                + "--metrics-file, or write the file named in " + MetricsFileFollower.ENVIRONMENT_VARIABLE
                + " (docs/metrics-protocol.md)";
        status.message("WARNING: " + message);
        recorder.event(LifecycleEvent.of(recorder.now(), LifecycleEvent.NO_PROGRESS, message)
                .with("lines", consoleLines).with("format", format).with("at_end", atEnd));
    }

    private void countProgress(final Observation observation) {
        if (observation.step() != null || observation.loss() != null) {
            progressRecords++;
        }
    }

    /** Looks for the trainer's metrics file at most once a second: console records may come by the thousand. */
    private boolean fileMayExist(final double time) {
        if (time - lastFileCheck < 1) {
            return false;
        }
        lastFileCheck = time;
        return true;
    }
}
