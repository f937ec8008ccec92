package io.jenkins.plugins.gputraining.agent.server;

import static io.jenkins.plugins.gputraining.agent.server.ControlAndSecurityTest.ALICE;
import static io.jenkins.plugins.gputraining.agent.server.ControlAndSecurityTest.BOB;
import static io.jenkins.plugins.gputraining.agent.server.ControlAndSecurityTest.TOKENS;
import static io.jenkins.plugins.gputraining.agent.server.ReadApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /api/training starts real jobs: the agent as a child JVM running a shell script, recording a run that the
 * API then serves; the jobs are paused, resumed and cancelled through the agent's control channel, and outlive a
 * restart of the service. Run as root, the service starts the training commands as a job user ({@link TestJobUser}),
 * as a root service must.
 */
class StartRunIT {
    @TempDir
    Path work;

    private Path runs;
    private TrainingServer server;
    private Api api;

    @BeforeEach
    void start() throws Exception {
        TestJobUser.share(work);
        runs = work.resolve("runs");
        startServer();
    }

    private void startServer() throws Exception {
        startServer(config -> { });
    }

    private void startServer(final java.util.function.Consumer<ServerConfig.Builder> settings) throws Exception {
        // The agent JVM as ServerConfig.defaultAgentLauncher() starts it, tuned to start fast on a busy machine.
        ServerConfig.Builder config = ServerConfig.builder(runs).port(0).tokens(TOKENS)
                .jobUser(TestJobUser.ifRoot())
                .agentLauncher(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                        "io.jenkins.plugins.gputraining.agent.cli.AgentCommand"));
        settings.accept(config);
        if (server != null) {
            server.close();
        }
        server = TrainingServer.start(config.build());
        api = new Api(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path script(final String name, final String body) throws Exception {
        Path script = work.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private JsonNode awaitStatus(final String id, final String status, final Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode progress = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = api.get("/api/training/" + id);
            if (response.statusCode() == 200) {
                progress = Api.json(response);
                if (status.equals(progress.get("status").asText())) {
                    return progress;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not become " + status + " in " + timeout + "; last: " + progress
                + "\nagent.log:\n" + readQuietly(runs.resolve(id).resolve(RunLauncher.AGENT_LOG)));
    }

    private static String readQuietly(final Path file) {
        try {
            return Files.readString(file);
        }
        catch (java.io.IOException e) {
            return "<" + e + ">";
        }
    }

    @Test
    void startsARunToCompletion() throws Exception {
        Path train = script("train.sh", """
                for i in 1 2 3 4 5; do
                  echo "{\\"step\\": $i, \\"loss\\": $((10 - i)).5, \\"samples\\": $((i * 32))}"
                  sleep 0.05
                done
                echo "greeting=$GREETING in $(pwd)"
                """);

        HttpResponse<String> response = api.post("/api/training", ALICE, """
                {"command": ["sh", "%s"], "name": "first job", "job_id": "job-1", "env": {"GREETING": "hello"}}
                """.formatted(train));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/training/job-1");
        JsonNode started = Api.json(response);
        assertThat(started.get("job_id").asText()).isEqualTo("job-1");
        assertThat(started.get("name").asText()).isEqualTo("first job");
        assertThat(started.get("status").asText()).isIn("running", "completed");
        assertThat(started.get("owner").asText()).isEqualTo("alice");
        assertThat(started.at("/links/stream").asText()).isEqualTo("/api/training/job-1/stream");

        JsonNode progress = awaitStatus("job-1", "completed", Duration.ofSeconds(30));
        Path directory = runs.resolve("job-1");
        assertThat(progress.get("exit_code").asInt()).isZero();
        assertThat(progress.get("name").asText()).isEqualTo("first job");
        assertThat(Path.of(progress.get("working_dir").asText())).isEqualTo(directory.resolve("workspace")
                .toRealPath());
        assertThat(progress.at("/latest/step").asInt()).isEqualTo(5);
        String output = api.get("/api/training/job-1/download/output.log").body();
        assertThat(output).contains("greeting=hello in " + directory.resolve("workspace").toRealPath());
        assertThat(Files.readString(directory.resolve(RunOwner.FILE))).contains("\"alice\"")
                .contains(ApiTokens.digestHex(ALICE)).doesNotContain(ALICE);
        assertThat(directory.resolve(RunLauncher.AGENT_LOG)).exists();
        JsonNode jobs = Api.json(api.get("/api/training"));
        assertThat(jobs.at("/jobs/0/job_id").asText()).isEqualTo("job-1");
        assertThat(jobs.at("/jobs/0/owner").asText()).isEqualTo("alice");
        assertThat(Api.json(api.get("/api/training/job-1/analytics")).at("/performance/steps").asInt()).isEqualTo(5);

        assertError(api.post("/api/training", ALICE, "{\"command\": [\"true\"], \"job_id\": \"job-1\"}"), 409,
                "already exists");
        assertError(api.post("/api/training/job-1/cancel", ALICE, null), 409, "is completed");
    }

    @Test
    void interpreterVariablesCannotRunAnotherCommandPastTheCommandAllowList() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeThat(Files.isExecutable(python)).as("the attack needs /usr/bin/python3").isTrue();
        Path markers = Files.createDirectories(work.resolve("markers"));
        Files.setAttribute(markers, "unix:mode", 01777);
        Path marker = markers.resolve("pwned");
        Path browser = script("browser.sh", "touch " + marker + "\n");
        String attack = "{\"PYTHONWARNINGS\": \"all:0:antigravity.x:0:0\", \"BROWSER\": \"" + browser + "\"}";
        String command = "[\"" + python + "\", \"-c\", \"print('step 1 loss 0.5')\"]";

        // The attack is live here: where commands are not restricted (any token holder runs any command anyway),
        // the variables alone make Python run $BROWSER.
        HttpResponse<String> open = api.post("/api/training", ALICE, "{\"command\": " + command
                + ", \"job_id\": \"unrestricted\", \"env\": " + attack + "}");
        assertThat(open.statusCode()).as(open.body()).isEqualTo(201);
        awaitStatus("unrestricted", "completed", Duration.ofSeconds(60));
        assertThat(awaitFile(marker, Duration.ofSeconds(10))).as("the attack ran $BROWSER").isTrue();
        Files.delete(marker);

        // With --allow-command the same request is refused, and nothing runs.
        startServer(config -> config.allowCommand(Pattern.compile(Pattern.quote(python.toString()) + " -c .*")));
        assertError(api.post("/api/training", ALICE, "{\"command\": " + command
                + ", \"job_id\": \"restricted\", \"env\": " + attack + "}"), 403, "must not set PYTHONWARNINGS");
        // The command itself is allowed: with a harmless variable it runs.
        HttpResponse<String> allowed = api.post("/api/training", ALICE, "{\"command\": " + command
                + ", \"job_id\": \"allowed\", \"env\": {\"CUDA_VISIBLE_DEVICES\": \"0\"}}");
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(201);
        awaitStatus("allowed", "completed", Duration.ofSeconds(60));

        assertThat(awaitFile(marker, Duration.ofSeconds(2))).as("$BROWSER did not run").isFalse();
        assertThat(runs.resolve("restricted")).doesNotExist();
    }

    private static boolean awaitFile(final Path file, final Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                return true;
            }
            Thread.sleep(50);
        }
        return Files.exists(file);
    }

    @Test
    void aRunIsPausedResumedAndCancelledAndOutlivesTheService() throws Exception {
        Path train = script("long.sh", """
                i=0
                while [ $i -lt 600 ]; do
                  i=$((i + 1))
                  echo "{\\"step\\": $i, \\"loss\\": 1.5}"
                  sleep 0.1
                done
                """);
        HttpResponse<String> response = api.post("/api/training", ALICE, """
                {"command": ["sh", "%s"], "working_dir": "sub/dir"}
                """.formatted(train));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String id = Api.json(response).get("job_id").asText();
        assertThat(id).matches("run-\\d{8}-\\d{6}-[0-9a-f]{6}");
        awaitStatus(id, "running", Duration.ofSeconds(30));
        assertThat(runs.resolve(id).resolve("workspace/sub/dir")).isDirectory();

        assertError(api.post("/api/training/" + id + "/pause", BOB, null), 403, "another token");
        JsonNode paused = Api.json(api.post("/api/training/" + id + "/pause", ALICE, "{\"mode\": \"suspend\"}"));
        assertThat(paused.get("request_id").asText()).isNotBlank();
        assertThat(paused.at("/outcome/accepted").asBoolean()).as(paused.toString()).isTrue();
        assertThat(paused.at("/outcome/event").asText()).isEqualTo("paused");
        awaitStatus(id, "paused", Duration.ofSeconds(10));

        // The service goes away and comes back: the job is the agent's, not the service's.
        server.close();
        startServer();
        JsonNode resumed = Api.json(api.post("/api/training/" + id + "/resume", ALICE, null));
        assertThat(resumed.at("/outcome/accepted").asBoolean()).as(resumed.toString()).isTrue();
        assertThat(resumed.at("/outcome/event").asText()).isEqualTo("resumed");
        awaitStatus(id, "running", Duration.ofSeconds(10));

        JsonNode cancelled = Api.json(api.post("/api/training/" + id + "/cancel", ALICE, null));
        assertThat(cancelled.get("action").asText()).isEqualTo("cancel");
        assertThat(cancelled.get("outcome").isNull() || cancelled.at("/outcome/accepted").asBoolean())
                .as(cancelled.toString()).isTrue();
        JsonNode progress = awaitStatus(id, "cancelled", Duration.ofSeconds(30));
        assertThat(progress.get("ended_at").isNull()).isFalse();
        RunAgentWait.awaitReleased(runs.resolve(id), Duration.ofSeconds(30));
    }
}
