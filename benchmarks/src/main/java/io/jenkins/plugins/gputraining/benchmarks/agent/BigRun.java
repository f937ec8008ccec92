package io.jenkins.plugins.gputraining.benchmarks.agent;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A run directory with a metrics.jsonl of a given size (a multi-day training: about 125 bytes a line, so 2 GiB is
 * 17.2 million lines, one every 0.1 s), one GPU sampled every 10 s of it, and a finished progress.json, written with
 * plain byte formatting (the production writer would take minutes for 17 million records).
 */
final class BigRun {
    static final double START = 1_767_225_600.0;
    static final String ID = "big-run";

    private BigRun() {
    }

    /** Writes the run unless one of this size is there already; returns the number of metric lines. */
    static long ensure(final Path runs, final long metricsBytes) throws IOException {
        Path dir = runs.resolve(ID);
        Path complete = dir.resolve(".complete-" + metricsBytes);
        if (Files.exists(complete)) {
            return Long.parseLong(Files.readString(complete).strip());
        }
        Files.createDirectories(dir);
        long lines = 0;
        SplittableRandom random = new SplittableRandom(42);
        double loss = 3.0;
        StringBuilder line = new StringBuilder(160);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("metrics.jsonl")), 1 << 20)) {
            long written = 0;
            while (written < metricsBytes) {
                lines++;
                loss = Math.max(0.05, loss * (0.9999995 + random.nextDouble() * 0.0000004));
                line.setLength(0);
                line.append("{\"time\":").append(decimals(START + lines * 0.1, 1))
                        .append(",\"step\":").append(lines)
                        .append(",\"epoch\":").append(decimals(lines / 1e6, 6))
                        .append(",\"loss\":").append(decimals(loss, 6))
                        .append(",\"learning_rate\":0.0003")
                        .append(",\"samples_per_second\":").append(decimals(300 + random.nextDouble() * 40, 1))
                        .append(",\"samples\":").append(lines * 32).append("}\n");
                byte[] bytes = line.toString().getBytes(StandardCharsets.US_ASCII);
                out.write(bytes);
                written += bytes.length;
            }
        }
        double seconds = lines * 0.1;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("telemetry.jsonl")),
                1 << 20)) {
            for (long i = 0; i * 10 <= seconds; i++) {
                out.write(("{\"time\":" + decimals(START + i * 10, 1) + ",\"gpu\":0,\"uuid\":\"GPU-big\","
                        + "\"utilization_percent\":" + (90 + random.nextInt(11)) + ",\"memory_used_mb\":"
                        + (60_000 + random.nextInt(2000)) + ",\"memory_total_mb\":143771,\"temperature_c\":"
                        + (60 + random.nextInt(10)) + ",\"power_watts\":" + (550 + random.nextInt(100))
                        + ",\"energy_mj\":" + (1_000_000L + i * 6_000_000L) + "}\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        Files.writeString(dir.resolve("events.jsonl"), "{\"time\":" + decimals(START, 1)
                + ",\"event\":\"started\",\"message\":\"started\"}\n{\"time\":" + decimals(START + seconds, 1)
                + ",\"event\":\"exited\",\"message\":\"exited with code 0\",\"exit_code\":0}\n");
        Files.writeString(dir.resolve("progress.json"), progress("completed", START + seconds));
        Files.writeString(complete, Long.toString(lines));
        return lines;
    }

    /** progress.json of the run, with the given status and end (a running run has none). */
    static String progress(final String status, final double end) {
        boolean finished = !"running".equals(status);
        String ended = finished ? "\"" + java.time.Instant.ofEpochMilli(Math.round(end * 1000)) + "\"" : "null";
        return """
                {
                  "format": "gpu-training/progress@1",
                  "job_id": "big-run",
                  "name": "a multi-day training",
                  "status": "%s",
                  "command": ["python3", "train.py"],
                  "started_at": "%s",
                  "ended_at": %s,
                  "updated_at": "%s",
                  "exit_code": %s,
                  "gpus": [{"index": 0, "uuid": "GPU-big", "name": "NVIDIA H200", "memory_total_mb": 143771}],
                  "telemetry": {"available": true, "reason": null, "driver_version": "580.95", "unsupported_metrics": []},
                  "checkpoints": []
                }
                """.formatted(status, java.time.Instant.ofEpochMilli(Math.round(START * 1000)), ended,
                java.time.Instant.ofEpochMilli(Math.round(end * 1000)), finished ? "0" : "null");
    }

    /** A non-negative number with a fixed number of decimals, without String.format's cost. */
    static String decimals(final double value, final int digits) {
        long scale = 1;
        for (int i = 0; i < digits; i++) {
            scale *= 10;
        }
        long scaled = Math.round(value * scale);
        String integer = Long.toString(scaled / scale);
        if (digits == 0) {
            return integer;
        }
        String fraction = Long.toString(scaled % scale);
        return integer + "." + "0".repeat(digits - fraction.length()) + fraction;
    }
}
