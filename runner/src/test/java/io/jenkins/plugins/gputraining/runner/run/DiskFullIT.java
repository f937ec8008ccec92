package io.jenkins.plugins.gputraining.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.ReadResult;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.runner.AgentProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real (docs/agent.md, "Full disk"): a small tmpfs mounted for the test (root only; the tests are
 * skipped where mounting is not allowed), and a file-size limit set on the running agent with {@code prlimit}, which
 * makes its writes to one file fail part-way as a full disk does, then lifts it.
 */
class DiskFullIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A trainer that prints a step every 50 ms until a {@code stop} file appears, then exits 3. */
    private static final String TRAINER = """
            i=0
            while [ ! -f "$STOP" ]; do
              i=$((i+1)); echo "{\\"step\\": $i, \\"loss\\": 0.5}"; sleep 0.05
            done
            exit 3
            """;

    @TempDir
    Path work;

    private Path disk;

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Mounts a tmpfs of the given size, or skips the test where that is not allowed. */
    private Path tmpfs(final String size) throws Exception {
        Path mountPoint = Files.createDirectories(work.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs",
                mountPoint.toString()).redirectErrorStream(true).start();
        boolean mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        assumeThat(mounted).as("mounting a tmpfs (needs root): " + new String(mount.getInputStream().readAllBytes()))
                .isTrue();
        disk = mountPoint;
        return mountPoint;
    }

    /** Fills a file system until a write fails; returns the filler, whose deletion gives the space back. */
    private static Path fill(final Path directory) throws IOException {
        Path filler = directory.resolve("filler");
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer block = ByteBuffer.allocate(4096);
            while (true) {
                block.clear();
                channel.write(block);
            }
        }
        catch (IOException e) {
            assertThat(e.getMessage()).contains("No space left on device");
        }
        return filler;
    }

    private Path trainer() throws IOException {
        Path script = work.resolve("train.sh");
        Files.writeString(script, "#!/bin/sh\n" + TRAINER);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static long lines(final Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        }
        catch (IOException e) {
            return 0;
        }
    }

    @Test
    void anAlreadyFullDiskLeavesNoHalfMadeRunDirectoryAndSaysWhy() throws Exception {
        Path full = tmpfs("1m");
        fill(full);

        AgentProcess agent = AgentProcess.run(work, "run", "--out", full.resolve("runs/a").toString(), "--",
                trainer().toString());

        assertThat(agent.exitCode()).isEqualTo(2);
        assertThat(agent.stderrText()).contains("cannot create the run directory", "No space left on device");
        try (Stream<Path> left = Files.list(full)) {
            assertThat(left.map(path -> path.getFileName().toString())).as("what the agent left")
                    .containsExactly("filler");
        }
    }

    @Test
    void aDiskThatFillsUpKeepsTheEndOfTheRunTheExitCodeAndTheAnalytics() throws Exception {
        Path small = tmpfs("4m");
        Path stop = work.resolve("stop");
        AgentProcess agent = AgentProcess.start(work, "run", "--out", small.resolve("runs/full").toString(),
                "--env", "STOP=" + stop, "--", trainer().toString());
        RunDirectory run = RunDirectory.at(small.resolve("runs/full"));
        await("the agent records steps", () -> lines(run.file("metrics.jsonl")) >= 5);

        fill(small);
        Thread.sleep(2500); // heartbeats and the trainer's own output fail meanwhile
        Files.writeString(stop, "");

        assertThat(agent.waitFor()).as(agent.stderrText()).isEqualTo(3);
        ProgressSnapshot progress = run.readProgress();
        assertThat(progress.status()).isEqualTo(RunStatus.FAILED);
        assertThat(progress.exitCode()).isEqualTo(3);
        assertThat(run.events()).extracting(LifecycleEvent::event).endsWith("exited", "error");
        assertThat(JSON.readTree(agent.stdoutText()).get("status").asText()).as("the analytics, printed")
                .isEqualTo("failed");
        assertThat(agent.stderrText()).contains("No space left on device", "using the disk space set aside");
    }

    @Test
    void aWriteCutShortIsUndoneSoTheNextRecordStandsOnItsOwnLine() throws Exception {
        Path stop = work.resolve("stop");
        AgentProcess agent = AgentProcess.start(work, "run", "--out", "runs/cut", "--env", "STOP=" + stop, "--",
                trainer().toString());
        RunDirectory run = RunDirectory.at(work.resolve("runs/cut"));
        await("the agent records steps", () -> lines(run.file("metrics.jsonl")) >= 5);

        // The agent may not grow a file beyond what metrics.jsonl holds now plus 10 bytes: its next record is cut off
        // part-way, as on a disk that fills up, and further ones fail whole. Then the limit goes away.
        long limit = Files.size(run.file("metrics.jsonl")) + 10;
        prlimit(agent.pid(), Long.toString(limit));
        Thread.sleep(1500);
        prlimit(agent.pid(), "unlimited");
        long after = lines(run.file("metrics.jsonl"));
        await("records are written again", () -> lines(run.file("metrics.jsonl")) >= after + 5);
        Files.writeString(stop, "");

        assertThat(agent.waitFor()).isEqualTo(3);
        List<MetricRecord> records = new ArrayList<>();
        ReadResult read = run.readMetrics(records::add);
        assertThat(read.problems()).as("no record cut and glued to the next").isEmpty();
        assertThat(read.truncatedTail()).isFalse();
        assertThat(records).extracting(MetricRecord::step).isSorted().doesNotHaveDuplicates();
    }

    private static void prlimit(final long pid, final String bytes) throws Exception {
        Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--fsize=" + bytes + ":")
                .redirectErrorStream(true).start();
        assumeThat(prlimit.waitFor(30, TimeUnit.SECONDS) && prlimit.exitValue() == 0)
                .as("prlimit: " + new String(prlimit.getInputStream().readAllBytes())).isTrue();
    }
}
