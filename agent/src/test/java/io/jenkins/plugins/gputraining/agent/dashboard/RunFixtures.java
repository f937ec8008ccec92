package io.jenkins.plugins.gputraining.agent.dashboard;

import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import io.jenkins.plugins.gputraining.model.progress.TelemetryStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finished runs written with the model's {@link RunWriter}, as the agent writes them: progress.json, metrics.jsonl
 * with a falling loss, telemetry.jsonl with GPU samples, events.jsonl and output.log.
 */
final class RunFixtures {
    /**
     * A run to write.
     *
     * @param id job id (the run directory's name)
     * @param name job name
     * @param startedMinutesAgo when it started
     * @param finalLoss the loss it falls to, exponentially from 2.5
     * @param gpuUtilization the GPU utilisation its telemetry shows, %
     * @param throughputJitter how far each record's samples/s strays from 400 (the throughput score falls with it)
     * @param gpus how many GPUs it used
     * @param checkpoint whether it saved a checkpoint
     */
    record Spec(String id, String name, int startedMinutesAgo, double finalLoss, double gpuUtilization,
                double throughputJitter, int gpus, boolean checkpoint) {
    }

    static final int STEPS = 60;
    static final double STEP_SECONDS = 2.0;

    private RunFixtures() {
    }

    /**
     * A run that is still going: a thread appends a metrics record (and, with telemetry, a sample of one GPU) every
     * 200 ms and rewrites progress.json, as the agent does, until {@link #finish()} marks it completed.
     */
    static final class LiveRun implements AutoCloseable {
        private final RunWriter writer;
        private final Thread thread;
        private final ProgressSnapshot.Builder progress;
        private final boolean telemetry;
        private volatile boolean running = true;

        private LiveRun(final RunWriter writer, final ProgressSnapshot.Builder progress, final boolean telemetry) {
            this.writer = writer;
            this.progress = progress;
            this.telemetry = telemetry;
            this.thread = new Thread(this::loop, "live-run-" + writer.directory().getFileName());
            this.thread.setDaemon(true);
        }

        static LiveRun start(final Path runs, final String id, final String name, final boolean telemetry)
                throws IOException {
            RunWriter writer = RunWriter.open(runs.resolve(id));
            Instant now = Instant.now();
            ProgressSnapshot.Builder progress = ProgressSnapshot.start(id, name, now).status(RunStatus.RUNNING)
                    .command(List.of("python", "train.py")).updatedAt(now)
                    .telemetry(telemetry ? TelemetryStatus.available("580.159.04", List.of())
                            : TelemetryStatus.unavailable("no GPU in this test"))
                    .gpus(telemetry ? List.of(new GpuDevice(0, "GPU-live-0", "NVIDIA H200", 143771.0)) : List.of());
            writer.appendEvent(LifecycleEvent.of(now.toEpochMilli() / 1000.0, LifecycleEvent.STARTED, "started"));
            writer.writeProgress(progress.build());
            LiveRun live = new LiveRun(writer, progress, telemetry);
            live.thread.start();
            return live;
        }

        private void loop() {
            long step = 0;
            try {
                while (running) {
                    step++;
                    double now = System.currentTimeMillis() / 1000.0;
                    MetricRecord record = new MetricRecord(now, step, null, 2.0 / (1 + step * 0.1), 1e-3,
                            250.0 + step % 7, step * 32, Map.of());
                    writer.appendMetric(record);
                    if (telemetry) {
                        writer.appendTelemetry(TelemetrySample.builder(now, 0).uuid("GPU-live-0")
                                .utilizationPercent(90.0 + step % 10).memoryUsedMb(30000.0 + step)
                                .memoryTotalMb(143771.0).temperatureC(60.0 + step % 5).powerWatts(500.0 + step % 20)
                                .build());
                    }
                    writer.flush();
                    synchronized (progress) {
                        writer.writeProgress(progress.latest(record).updatedAt(Instant.now()).build());
                    }
                    Thread.sleep(200);
                }
            }
            catch (IOException | InterruptedException e) {
                // the test ends the run
            }
        }

        /** Stops appending and marks the run completed. */
        void finish() throws IOException, InterruptedException {
            running = false;
            thread.join();
            Instant now = Instant.now();
            writer.appendEvent(LifecycleEvent.of(now.toEpochMilli() / 1000.0, LifecycleEvent.EXITED, "exited with code 0")
                    .with("exit_code", 0));
            synchronized (progress) {
                writer.writeProgress(progress.status(RunStatus.COMPLETED).endedAt(now).updatedAt(now).exitCode(0).build());
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            if (running) {
                finish();
            }
            writer.close();
        }
    }

    static void write(final Path runs, final Spec spec) throws IOException {
        Path dir = runs.resolve(spec.id());
        double start = Instant.now().minusSeconds(spec.startedMinutesAgo() * 60L).getEpochSecond();
        double end = start + STEPS * STEP_SECONDS + 1;
        List<GpuDevice> devices = new ArrayList<>();
        for (int gpu = 0; gpu < spec.gpus(); gpu++) {
            devices.add(new GpuDevice(gpu, "GPU-" + spec.id() + "-" + gpu, "NVIDIA H200", 143771.0));
        }
        try (RunWriter writer = RunWriter.open(dir)) {
            writer.appendEvent(LifecycleEvent.of(start, LifecycleEvent.STARTED, "started").with("pid", 4242));
            MetricRecord last = null;
            for (int i = 1; i <= STEPS; i++) {
                double time = start + i * STEP_SECONDS;
                double loss = spec.finalLoss() + (2.5 - spec.finalLoss()) * Math.exp(-i / 12.0)
                        * (STEPS - i) / STEPS;
                double rate = 400 + (i % 2 == 0 ? spec.throughputJitter() : -spec.throughputJitter());
                last = new MetricRecord(time, (long) i * 10, i / 20.0, loss, 1e-3, rate, (long) i * 320, Map.of());
                writer.appendMetric(last);
                for (int gpu = 0; gpu < spec.gpus(); gpu++) {
                    double wave = Math.sin(i / 5.0 + gpu);
                    writer.appendTelemetry(TelemetrySample.builder(time, gpu).uuid("GPU-" + spec.id() + "-" + gpu)
                            .utilizationPercent(Math.min(100, Math.max(0, spec.gpuUtilization() + 2 * wave)))
                            .memoryUsedMb(20000.0 + 150 * i + 500 * gpu).memoryTotalMb(143771.0)
                            .temperatureC(55 + 10 * (1 - Math.exp(-i / 15.0)) + wave)
                            .powerWatts(350 + 200 * spec.gpuUtilization() / 100 + 10 * wave)
                            .build());
                }
            }
            List<Checkpoint> checkpoints = new ArrayList<>();
            if (spec.checkpoint()) {
                Path checkpoint = dir.resolve("ckpt").resolve("checkpoint-600");
                Files.createDirectories(checkpoint.getParent());
                Files.writeString(checkpoint, "weights");
                checkpoints.add(new Checkpoint("checkpoint-600", "ckpt/checkpoint-600", 600L, end - 1, 7L, null));
                writer.appendEvent(LifecycleEvent.of(end - 1, LifecycleEvent.CHECKPOINT, "checkpoint checkpoint-600")
                        .with("name", "checkpoint-600"));
            }
            writer.appendEvent(LifecycleEvent.of(end, LifecycleEvent.EXITED, "exited with code 0").with("exit_code", 0));
            writer.writeProgress(ProgressSnapshot.start(spec.id(), spec.name(), Instant.ofEpochSecond((long) start))
                    .status(RunStatus.COMPLETED)
                    .command(List.of("python", "train.py", "--run", spec.id()))
                    .workingDirectory(dir.toString())
                    .endedAt(Instant.ofEpochSecond((long) end))
                    .updatedAt(Instant.ofEpochSecond((long) end))
                    .exitCode(0)
                    .gpus(devices)
                    .telemetry(TelemetryStatus.available("580.159.04", List.of()))
                    .latest(last)
                    .checkpoints(checkpoints)
                    .build());
        }
        Files.writeString(dir.resolve("output.log"), "training " + spec.name() + "\ndone\n");
    }
}
