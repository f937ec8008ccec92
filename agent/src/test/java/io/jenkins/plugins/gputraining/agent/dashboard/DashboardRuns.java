package io.jenkins.plugins.gputraining.agent.dashboard;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The dashboard's scenarios: finished runs that differ in loss, GPU use and throughput, written with the model's
 * {@link RunFixture} as the agent writes them.
 */
final class DashboardRuns {
    /**
     * A run to write.
     *
     * @param id run id (the run directory's name)
     * @param name run name
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

    private DashboardRuns() {
    }

    static void write(final Path runs, final Spec spec) throws IOException {
        Path dir = runs.resolve(spec.id());
        RunFixture run = RunFixture.run(runs, spec.id()).name(spec.name())
                .startedAt(Instant.now().minusSeconds(spec.startedMinutesAgo() * 60L).truncatedTo(ChronoUnit.SECONDS))
                .command("python", "train.py", "--run", spec.id()).workingDirectory(dir.toString()).gpus(spec.gpus());
        for (int i = 1; i <= STEPS; i++) {
            double offset = i * STEP_SECONDS;
            double loss = spec.finalLoss() + (2.5 - spec.finalLoss()) * Math.exp(-i / 12.0) * (STEPS - i) / STEPS;
            double rate = 400 + (i % 2 == 0 ? spec.throughputJitter() : -spec.throughputJitter());
            run.metric(new MetricRecord(run.time(offset), (long) i * 10, i / 20.0, loss, 1e-3, rate, (long) i * 320,
                    Map.of()));
            for (int gpu = 0; gpu < spec.gpus(); gpu++) {
                double wave = Math.sin(i / 5.0 + gpu);
                run.gpu(offset, gpu, Math.min(100, Math.max(0, spec.gpuUtilization() + 2 * wave)),
                        20000.0 + 150 * i + 500 * gpu, 55 + 10 * (1 - Math.exp(-i / 15.0)) + wave,
                        350 + 200 * spec.gpuUtilization() / 100 + 10 * wave,
                        sample -> sample.memoryTotalMb(143771.0));
            }
        }
        double end = STEPS * STEP_SECONDS + 1;
        if (spec.checkpoint()) {
            Path checkpoint = dir.resolve("ckpt").resolve("checkpoint-600");
            Files.createDirectories(checkpoint.getParent());
            Files.writeString(checkpoint, "weights");
            run.checkpoint(end - 1, "checkpoint-600", "ckpt/checkpoint-600", 600L);
        }
        run.status(RunStatus.COMPLETED).endedAt(end).exited().output("training " + spec.name() + "\ndone\n").write();
    }
}
