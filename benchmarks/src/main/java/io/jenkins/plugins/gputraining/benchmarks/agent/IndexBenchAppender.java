package io.jenkins.plugins.gputraining.benchmarks.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * {@code bench index}'s live training: appends metric lines to a run at a fixed rate (in batches every 10 ms, each one
 * {@code write} on an O_APPEND file as the agent appends) and rewrites its progress.json as {@code running} every
 * second, until its standard input closes; then prints {@code APPENDED <lines>}.
 *
 * <pre>java -cp … IndexBenchAppender RUN_DIR LINES_PER_SECOND FIRST_STEP FIRST_TIME</pre>
 * (FIRST_TIME: epoch seconds of the first appended line; the times go on with the clock from there.)
 */
public final class IndexBenchAppender {
    private IndexBenchAppender() {
    }

    public static void main(final String... args) throws Exception {
        Path run = Path.of(args[0]);
        double rate = Double.parseDouble(args[1]);
        long step = Long.parseLong(args[2]);
        double firstTime = Double.parseDouble(args[3]);
        Thread stopper = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // Until the bench closes our input.
                }
            }
            catch (IOException e) {
                // Stop as well.
            }
        });
        stopper.setDaemon(true);
        stopper.start();
        SplittableRandom random = new SplittableRandom(7);
        long appended = 0;
        long start = System.nanoTime();
        long nextProgress = start;
        try (FileChannel metrics = FileChannel.open(run.resolve("metrics.jsonl"), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            StringBuilder batch = new StringBuilder(1 << 16);
            while (stopper.isAlive()) {
                long now = System.nanoTime();
                long due = (long) ((now - start) / 1e9 * rate);
                batch.setLength(0);
                double time = firstTime + (now - start) / 1e9;
                while (appended < due) {
                    appended++;
                    step++;
                    batch.append("{\"time\":").append(BigRun.decimals(time, 3)).append(",\"step\":").append(step)
                            .append(",\"loss\":").append(BigRun.decimals(0.05 + random.nextDouble() * 0.01, 6))
                            .append(",\"samples_per_second\":").append(BigRun.decimals(320, 1))
                            .append(",\"samples\":").append(step * 32).append("}\n");
                }
                if (batch.length() > 0) {
                    ByteBuffer bytes = ByteBuffer.wrap(batch.toString().getBytes(StandardCharsets.US_ASCII));
                    while (bytes.hasRemaining()) {
                        metrics.write(bytes);
                    }
                }
                if (now >= nextProgress) {
                    Path temp = run.resolve(".progress.json.bench");
                    Files.writeString(temp, BigRun.progress("running", time));
                    Files.move(temp, run.resolve("progress.json"), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    nextProgress = now + 1_000_000_000L;
                }
                Thread.sleep(10);
            }
        }
        System.out.println("APPENDED " + appended);
        System.out.flush();
    }
}
