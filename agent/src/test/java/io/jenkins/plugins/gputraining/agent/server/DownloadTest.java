package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import static io.jenkins.plugins.gputraining.agent.server.ReadApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifact and checkpoint downloads: content types, ranges, zips, and every way out of the runs directory refused. */
class DownloadTest {
    @TempDir
    Path work;

    private Path runs;
    private Path workspace;
    private byte[] weights;
    private TrainingServer server;
    private Api api;

    @BeforeEach
    void start() throws Exception {
        runs = Files.createDirectories(work.resolve("runs"));
        Path secret = Files.writeString(work.resolve("secret.txt"), "top secret\n");
        workspace = Files.createDirectories(runs.resolve("alpha/workspace"));
        weights = new byte[300_000];
        new Random(42).nextBytes(weights);
        Files.write(workspace.resolve("model.pt"), weights);
        Path checkpoint = Files.createDirectories(workspace.resolve("out/checkpoint-10"));
        Files.writeString(checkpoint.resolve("trainer_state.json"), "{\"global_step\": 10}");
        Files.createDirectories(checkpoint.resolve("shards"));
        Files.write(checkpoint.resolve("shards/part-0.bin"), Arrays.copyOf(weights, 1000));
        Files.createSymbolicLink(checkpoint.resolve("leak.txt"), secret);
        Files.createSymbolicLink(checkpoint.resolve("state-link.json"), checkpoint.resolve("trainer_state.json"));
        Files.createSymbolicLink(workspace.resolve("escape.pt"), secret);
        RunFixture.run(runs, "alpha").gpus(0)
                .workingDirectory(workspace.toString())
                .curve(10, 1.0, 2.0, 0.8, 100)
                .checkpoint(5, "model.pt", "model.pt", 5)
                .checkpoint(10, "checkpoint-10", "out/checkpoint-10", 10)
                .checkpoint(11, "escape.pt", "escape.pt", 11)
                .checkpoint(12, "outside", "../../../secret.txt", 12)
                .checkpoint(99, "missing", "out/checkpoint-99", 99).exited().endedAt(11).output("training alpha\nstep 1 loss 2.0\n").write();
        // A run whose recorded working directory lies outside the runs directory: its checkpoints are not served.
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("model.pt"), "weights elsewhere");
        RunFixture.run(runs, "foreign").gpus(0)
                .workingDirectory(elsewhere.toString())
                .curve(10, 1.0, 2.0, 0.8, 100)
                .checkpoint(1, "model.pt", "model.pt", 1).exited().endedAt(11).output("training foreign\nstep 1 loss 2.0\n").write();
        // An artifact that is a link out of the run directory.
        RunFixture.run(runs, "linked").gpus(0)
                .workingDirectory(runs.resolve("linked").toString())
                .curve(10, 1.0, 2.0, 0.8, 100).exited().endedAt(11).output("training linked\nstep 1 loss 2.0\n").write();
        Files.delete(runs.resolve("linked/output.log"));
        Files.createSymbolicLink(runs.resolve("linked/output.log"), secret);
        // A run whose metrics.jsonl is a link to a file elsewhere: analytics and stream would read it.
        RunFixture.run(runs, "leaky").gpus(0)
                .workingDirectory(runs.resolve("leaky").toString())
                .curve(10, 1.0, 2.0, 0.8, 100).exited().endedAt(11).output("training leaky\nstep 1 loss 2.0\n").write();
        Files.delete(runs.resolve("leaky/metrics.jsonl"));
        Files.createSymbolicLink(runs.resolve("leaky/metrics.jsonl"), secret);
        // A run directory that is itself a link out of the runs directory.
        RunFixture.run(work, "outside-run").gpus(0)
                .workingDirectory(work.resolve("outside-run").toString())
                .curve(10, 1.0, 2.0, 0.8, 100).exited().endedAt(11).output("training outside-run\nstep 1 loss 2.0\n").write();
        Files.createSymbolicLink(runs.resolve("sneaky"), work.resolve("outside-run"));

        server = TrainingServer.start(ServerConfig.builder(runs).port(0).build());
        api = new Api(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void downloadsEachArtifactWithItsType() throws Exception {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("progress.json", "application/json");
        types.put("metrics.jsonl", "application/x-ndjson");
        types.put("events.jsonl", "application/x-ndjson");
        types.put("output.log", "text/plain");
        for (Map.Entry<String, String> artifact : types.entrySet()) {
            HttpResponse<byte[]> response = api.getBytes("/api/training/alpha/download/" + artifact.getKey());
            assertThat(response.statusCode()).as(artifact.getKey()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(Files.readAllBytes(runs.resolve("alpha").resolve(artifact.getKey())));
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(artifact.getValue());
            assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                    .contains("attachment", "alpha-" + artifact.getKey());
            assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        }
        Files.delete(runs.resolve("alpha/telemetry.jsonl"));
        assertError(api.get("/api/training/alpha/download/telemetry.jsonl"), 404, "does not exist");
    }

    @Test
    void rangeRequestsGetExactlyTheirBytes() throws Exception {
        HttpResponse<byte[]> middle = api.getBytes("/api/training/alpha/download/checkpoint/model.pt",
                "Range", "bytes=1000-1999");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/300000");
        assertThat(middle.headers().firstValue("Content-Length")).hasValue("1000");
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(weights, 1000, 2000));

        HttpResponse<byte[]> open = api.getBytes("/api/training/alpha/download/checkpoint/model.pt",
                "Range", "bytes=299990-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(weights, 299_990, 300_000));

        HttpResponse<byte[]> suffix = api.getBytes("/api/training/alpha/download/checkpoint/model.pt",
                "Range", "bytes=-5");
        assertThat(suffix.headers().firstValue("Content-Range")).hasValue("bytes 299995-299999/300000");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(weights, 299_995, 300_000));

        HttpResponse<byte[]> whole = api.getBytes("/api/training/alpha/download/checkpoint/model.pt");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(weights);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("application/octet-stream");

        HttpResponse<String> beyond = api.get("/api/training/alpha/download/checkpoint/model.pt",
                "Range", "bytes=300000-");
        assertError(beyond, 416, "beyond the file");
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */300000");

        HttpResponse<byte[]> log = api.getBytes("/api/training/alpha/download/output.log", "Range", "bytes=0-7");
        assertThat(new String(log.body(), StandardCharsets.UTF_8)).isEqualTo("training");
    }

    @Test
    void aCheckpointDirectoryComesAsAZip() throws Exception {
        HttpResponse<byte[]> response = api.getBytes("/api/training/alpha/download/checkpoint/checkpoint-10");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains("checkpoint-10.zip");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertThat(entries.keySet()).containsExactly("checkpoint-10/", "checkpoint-10/shards/",
                "checkpoint-10/shards/part-0.bin", "checkpoint-10/state-link.json",
                "checkpoint-10/trainer_state.json");
        assertThat(entries.get("checkpoint-10/shards/part-0.bin")).isEqualTo(Arrays.copyOf(weights, 1000));
        assertThat(new String(entries.get("checkpoint-10/state-link.json"), StandardCharsets.UTF_8))
                .isEqualTo("{\"global_step\": 10}");
        assertThat(entries).as("the link to a file outside is left out").doesNotContainKey("checkpoint-10/leak.txt");
    }

    @Test
    void traversalAndLinksOutAreRefused() throws Exception {
        assertError(api.get("/api/training/alpha/download/..%2F..%2Fsecret.txt"), 400, "path traversal");
        assertError(api.get("/api/training/alpha/download/..%2F..%2F..%2Fetc%2Fpasswd"), 400, "path traversal");
        assertError(api.get("/api/training/alpha/download/checkpoint/..%2F.."), 400, "path traversal");
        assertError(api.get("/api/training/alpha/download/checkpoint/.."), 400, "path traversal");
        assertError(api.get("/api/training/..%2F..%2Fetc/download/output.log"), 400, "bad run id");
        assertError(api.get("/api/training/alpha/download/secret.txt"), 404, "unknown artifact");
        assertError(api.get("/api/training/alpha/download/workspace"), 404, "unknown artifact");
        assertError(api.get("/api/training/alpha/download/checkpoint/nope"), 404, "no checkpoint named \"nope\"");
        assertError(api.get("/api/training/alpha/download/checkpoint/missing"), 404, "does not exist");

        HttpResponse<String> escape = api.get("/api/training/alpha/download/checkpoint/escape.pt");
        assertError(escape, 403, "resolves outside");
        assertThat(escape.body()).doesNotContain("top secret");
        assertError(api.get("/api/training/alpha/download/checkpoint/outside"), 403, "resolves outside");
        assertError(api.get("/api/training/foreign/download/checkpoint/model.pt"), 403, "resolves outside");
        assertError(api.get("/api/training/linked/download/output.log"), 403, "resolves outside");
        assertError(api.get("/api/training/sneaky/download/output.log"), 403, "link out of the runs directory");
        assertError(api.get("/api/training/sneaky"), 403, "link out of the runs directory");
        assertError(api.get("/api/training/leaky/analytics"), 403, "metrics.jsonl is a link out of its run");
        assertError(api.get("/api/training/leaky/download/metrics.jsonl"), 403, "metrics.jsonl is a link out");
        assertThat(Api.json(api.get("/api/training")).toString()).doesNotContain("sneaky", "leaky");
    }

    @Test
    void anAllowedWorkspaceOutsideTheRunsDirectoryServesTheCheckpointsOfARunTheServiceStartedThere() throws Exception {
        server.close();
        server = TrainingServer.start(ServerConfig.builder(runs).port(0)
                .allowWorkingDirectory(work.resolve("elsewhere")).build());
        api = new Api(server);
        assertError(api.get("/api/training/foreign/download/checkpoint/model.pt"), 403, "resolves outside");

        // The service records the working directory it gave a run it started; that one is served.
        RunOwner.write(runs.resolve("foreign"), ControlAndSecurityTest.TOKENS.authenticateToken(
                ControlAndSecurityTest.ALICE).orElseThrow(), work.resolve("elsewhere").toRealPath());
        HttpResponse<String> response = api.get("/api/training/foreign/download/checkpoint/model.pt");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("weights elsewhere");
    }
}
