package io.jenkins.plugins.gputraining.benchmarks.agent;

import io.jenkins.plugins.gputraining.agent.cli.AgentCommand;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent JVM of {@code bench memory}: runs the agent's {@code run} command in-process, exactly as
 * {@code java -jar gpu-training-agent.jar run …} does, and beside it records a 24-hour run's GPU telemetry
 * (one sample per GPU per simulated second) through the model's {@link RunWriter}, the writer the run's recorder
 * appends telemetry with. The run's own sampler cannot go below 100 ms, too slow for 86,400 simulated seconds in a
 * minute; so the telemetry volume comes from here, paced with the training child.
 *
 * <pre>
 * MemoryHarness --telemetry-dir DIR --gpus G --seconds S --speed X -- run …
 * </pre>
 */
public final class MemoryHarness {
    private MemoryHarness() {
    }

    public static void main(final String... args) throws Exception {
        int separator = Arrays.asList(args).indexOf("--");
        if (separator < 0) {
            throw new IllegalArgumentException("usage: MemoryHarness --telemetry-dir DIR --gpus G --seconds S "
                    + "--speed X -- run …");
        }
        Path telemetryDir = null;
        int gpus = 8;
        long seconds = 86_400;
        double speed = 2000;
        for (int i = 0; i < separator; i++) {
            switch (args[i]) {
                case "--telemetry-dir" -> telemetryDir = Path.of(args[++i]);
                case "--gpus" -> gpus = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--speed" -> speed = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String[] agentArgs = Arrays.copyOfRange(args, separator + 1, args.length);
        Path directory = telemetryDir;
        int gpuCount = gpus;
        long total = seconds;
        double rate = speed;
        Throwable[] failure = {null};
        Thread telemetry = new Thread(() -> {
            try {
                record(directory, gpuCount, total, rate);
            }
            catch (IOException | RuntimeException e) {
                failure[0] = e;
            }
        }, "bench-telemetry");
        telemetry.setDaemon(true);
        telemetry.start();
        int code = AgentCommand.execute(agentArgs);
        telemetry.join();
        if (failure[0] != null) {
            System.err.println("bench memory: telemetry recording failed: " + failure[0]);
            System.exit(70);
        }
        System.exit(code);
    }

    private static void record(final Path directory, final int gpus, final long seconds, final double speed)
            throws IOException {
        double start = System.currentTimeMillis() / 1000.0;
        long startNanos = System.nanoTime();
        double nanosPerSecond = 1e9 / speed;
        long energy = 1_000_000;
        try (RunWriter writer = RunWriter.open(directory)) {
            for (long second = 1; second <= seconds; second++) {
                long deadline = startNanos + (long) (second * nanosPerSecond);
                long wait;
                while ((wait = deadline - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                for (int gpu = 0; gpu < gpus; gpu++) {
                    energy += 400_000 + gpu;
                    writer.appendTelemetry(sample(start + second, gpu, second, energy));
                }
                if (second % 60 == 0) {
                    writer.flush();
                }
            }
        }
    }

    /** A sample with every field, as an H200 under load gives them. */
    private static TelemetrySample sample(final double time, final int gpu, final long second, final long energy) {
        double wave = (second * 31 + gpu * 7) % 100;
        return TelemetrySample.builder(time, gpu)
                .uuid(String.format("GPU-0a1b2c3d-0000-4000-8000-%012d", gpu))
                .utilizationPercent(Math.min(100, 60 + wave * 0.4))
                .memoryUtilizationPercent(30 + wave * 0.2)
                .memoryUsedMb(81_920.0 + wave)
                .memoryTotalMb(143_771.0)
                .temperatureC(55 + wave * 0.1)
                .powerWatts(400 + wave * 2.5)
                .energyMillijoules(energy)
                .smClockMhz(1980.0)
                .memoryClockMhz(2619.0)
                .clockEventReasons(wave > 90 ? List.of("sw_power_cap") : List.of())
                .pcieRxKbps(5678.0 + wave)
                .pcieTxKbps(1234.0 + wave)
                .eccCorrected(0L)
                .eccUncorrected(0L)
                .processMemoryMb(80_000.0 + wave)
                .build();
    }
}
