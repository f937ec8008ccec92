package io.jenkins.plugins.gputraining.model.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The content of progress.json: where a run stands now. Replaced atomically as the run goes on.
 *
 * @param format the format name, {@link ProgressFormat#FORMAT}
 * @param runId stable id of the run (also its directory name when the agent chose it)
 * @param name human-readable name
 * @param status lifecycle state
 * @param command the training command line
 * @param workingDirectory the command's working directory
 * @param startedAt when the run started
 * @param endedAt when it ended; {@code null} while running or paused
 * @param updatedAt when this snapshot was written (a heartbeat while running)
 * @param exitCode the child's exit code, once it exited
 * @param exitSignal the signal that killed the child (e.g. {@code SIGKILL}), if one did
 * @param error why the run failed, in words, if the agent knows
 * @param gpus the GPU inventory the run was given
 * @param telemetry whether GPU telemetry is recorded, and why not
 * @param latest the latest training metrics, or {@code null} before the first
 * @param checkpoints checkpoints seen so far, oldest first
 * @param extra every other top-level field, kept as written
 */
public record ProgressSnapshot(String format, String runId, String name, RunStatus status, List<String> command,
                               String workingDirectory, Instant startedAt, Instant endedAt, Instant updatedAt,
                               Integer exitCode, String exitSignal, String error, List<GpuDevice> gpus,
                               TelemetryStatus telemetry, MetricRecord latest, List<Checkpoint> checkpoints,
                               Map<String, JsonNode> extra) {
    public ProgressSnapshot {
        command = command == null ? List.of() : List.copyOf(command);
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        telemetry = telemetry == null ? TelemetryStatus.unavailable("not recorded") : telemetry;
        extra = ExtraFields.copy(extra);
    }

    /** A new run's first snapshot: status running, nothing recorded yet. */
    public static Builder start(final String runId, final String name, final Instant startedAt) {
        return new Builder().runId(runId).name(name).status(RunStatus.RUNNING).startedAt(startedAt)
                .updatedAt(startedAt);
    }

    /** A builder holding this snapshot's values, to derive the next one. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.format = format;
        builder.runId = runId;
        builder.name = name;
        builder.status = status;
        builder.command = command;
        builder.workingDirectory = workingDirectory;
        builder.startedAt = startedAt;
        builder.endedAt = endedAt;
        builder.updatedAt = updatedAt;
        builder.exitCode = exitCode;
        builder.exitSignal = exitSignal;
        builder.error = error;
        builder.gpus = gpus;
        builder.telemetry = telemetry;
        builder.latest = latest;
        builder.checkpoints = checkpoints;
        builder.extra = extra;
        return builder;
    }

    /** Mutable builder of a {@link ProgressSnapshot}; not thread-safe. */
    public static final class Builder {
        private String format = ProgressFormat.FORMAT;
        private String runId;
        private String name;
        private RunStatus status = RunStatus.RUNNING;
        private List<String> command = List.of();
        private String workingDirectory;
        private Instant startedAt;
        private Instant endedAt;
        private Instant updatedAt;
        private Integer exitCode;
        private String exitSignal;
        private String error;
        private List<GpuDevice> gpus = List.of();
        private TelemetryStatus telemetry;
        private MetricRecord latest;
        private List<Checkpoint> checkpoints = List.of();
        private Map<String, JsonNode> extra = Map.of();

        public Builder format(final String value) {
            format = value;
            return this;
        }

        public Builder runId(final String value) {
            runId = value;
            return this;
        }

        public Builder name(final String value) {
            name = value;
            return this;
        }

        public Builder status(final RunStatus value) {
            status = value;
            return this;
        }

        public Builder command(final List<String> value) {
            command = value;
            return this;
        }

        public Builder workingDirectory(final String value) {
            workingDirectory = value;
            return this;
        }

        public Builder startedAt(final Instant value) {
            startedAt = value;
            return this;
        }

        public Builder endedAt(final Instant value) {
            endedAt = value;
            return this;
        }

        public Builder updatedAt(final Instant value) {
            updatedAt = value;
            return this;
        }

        public Builder exitCode(final Integer value) {
            exitCode = value;
            return this;
        }

        public Builder exitSignal(final String value) {
            exitSignal = value;
            return this;
        }

        public Builder error(final String value) {
            error = value;
            return this;
        }

        public Builder gpus(final List<GpuDevice> value) {
            gpus = value;
            return this;
        }

        public Builder telemetry(final TelemetryStatus value) {
            telemetry = value;
            return this;
        }

        public Builder latest(final MetricRecord value) {
            latest = value;
            return this;
        }

        public Builder checkpoints(final List<Checkpoint> value) {
            checkpoints = value;
            return this;
        }

        public Builder extra(final Map<String, JsonNode> value) {
            extra = value;
            return this;
        }

        public ProgressSnapshot build() {
            return new ProgressSnapshot(format, runId, name, status, command, workingDirectory, startedAt, endedAt,
                    updatedAt, exitCode, exitSignal, error, gpus, telemetry, latest, checkpoints, extra);
        }
    }
}
