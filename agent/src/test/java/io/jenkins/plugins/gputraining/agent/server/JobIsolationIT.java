package io.jenkins.plugins.gputraining.agent.server;

import static io.jenkins.plugins.gputraining.agent.server.ReadApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job must not get at the service's secrets: {@code serve} runs as a real process, a real job tries to read its
 * token file and its {@code /proc/<pid>/environ} (the review's attack got an admin token that way), and a process of
 * the service's own user, without the capability to trace processes, tries to read its environment. Run as root,
 * jobs run as a job user ({@link TestJobUser}); a root service without one refuses to start jobs.
 */
class JobIsolationIT {
    private static final Pattern URL = Pattern.compile("Serving .+ at (http://127\\.0\\.0\\.1:(\\d+)/)");
    private static final String ADMIN = "ops-admin-token-" + UUID.randomUUID();
    private static final String ALICE = "alice-token-" + UUID.randomUUID();

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path tokens;

    @BeforeEach
    void tokenFile() throws Exception {
        TestJobUser.share(work);
        tokens = Files.writeString(work.resolve("tokens"), "ops:" + ADMIN + ":admin\nalice:" + ALICE + "\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void stopProcesses() throws Exception {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A started {@code serve} and its base URL. */
    private record Serve(Process process, String url) {
    }

    /** Starts {@code serve} as a child JVM (behind {@code prefix}, when given) and waits for its URL line. */
    private Serve serve(final List<String> prefix, final Map<String, String> environment, final String... args)
            throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.jenkins.plugins.gputraining.agent.cli.AgentCommand", "serve", "--runs",
                work.resolve("runs").toString(), "--port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove(ApiTokens.ENVIRONMENT_VARIABLE);
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            seen.append(line).append('\n');
            Matcher matcher = URL.matcher(line);
            if (matcher.find()) {
                drain(err);
                return new Serve(process, matcher.group(1));
            }
        }
        throw new AssertionError("serve printed no URL; stderr:\n" + seen);
    }

    private static void drain(final BufferedReader err) {
        Thread drainer = new Thread(() -> {
            try {
                while (err.readLine() != null) {
                    // Keeps serve from blocking on a full pipe.
                }
            }
            catch (IOException e) {
                // Gone.
            }
        }, "serve-stderr");
        drainer.setDaemon(true);
        drainer.start();
    }

    private HttpResponse<String> post(final Serve serve, final String token, final String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(serve.url() + "api/training"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitFinished(final Serve serve, final String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode progress = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(serve.url()
                    + "api/training/" + id)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                progress = Api.JSON.readTree(response.body());
                String status = progress.get("status").asText();
                if (!status.equals("running") && !status.equals("paused")) {
                    return progress;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " did not finish; last: " + progress);
    }

    @Test
    void aJobReadsNeitherTheTokenFileNorTheServicesEnvironment() throws Exception {
        String user = TestJobUser.ifRoot();
        String marker = "service-secret-" + UUID.randomUUID();
        Serve serve = user == null
                ? serve(List.of(), Map.of("GPU_TRAINING_TEST_SECRET", marker), "--token-file", tokens.toString())
                : serve(List.of(), Map.of("GPU_TRAINING_TEST_SECRET", marker), "--token-file", tokens.toString(),
                "--job-user", user);
        // The review's attack: a non-admin job reads the service's environment and its token file.
        Path steal = Files.writeString(work.resolve("steal.sh"), """
                #!/bin/sh
                echo "uid=$(id -u)"
                echo "environ:"
                cat /proc/$1/environ 2>&1 | tr '\\000' '\\n'
                echo "tokens:"
                [ "$2" = "-" ] || cat "$2" 2>&1
                echo "owner:"
                cat ../.owner 2>&1
                echo "done"
                """);
        Files.setPosixFilePermissions(steal, PosixFilePermissions.fromString("rwxr-xr-x"));
        String tokenArgument = user == null ? "-" : tokens.toString();

        HttpResponse<String> started = post(serve, ALICE, "{\"command\": [\"sh\", \"" + steal + "\", \""
                + serve.process().pid() + "\", \"" + tokenArgument + "\"], \"job_id\": \"thief\"}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        awaitFinished(serve, "thief");
        RunAgentWait.awaitReleased(work.resolve("runs").resolve("thief"), Duration.ofSeconds(30));
        String output = http.send(HttpRequest.newBuilder(URI.create(serve.url()
                + "api/training/thief/download/output.log")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(output).as("the job ran its attempts").contains("environ:", "tokens:", "done");
        assertThat(output).as("what the job read").doesNotContain(ADMIN, ALICE, marker);
        assertThat(output).contains("Permission denied");
        if (user != null) {
            assertThat(output).as("the training ran as the job user").doesNotContain("uid=0\n");
            assertThat(output).as("the owner file is the service's").doesNotContain(ApiTokens.digestHex(ALICE));
        }
        else {
            // Without --job-user the job runs as the service's user and can read its token file: documented
            // (docs/rest-api.md, "Security model"); only the environment is closed to it.
            assumeThat(user).as("a job user (tests run as root) to keep the token file from the job").isNotNull();
        }
    }

    @Test
    void theServiceIsNotDumpableSoItsEnvironmentIsClosedToItsOwnUser() throws Exception {
        // A reader of the service's own user without CAP_SYS_PTRACE. As root: root with every capability dropped,
        // and the service and a control process started the same way, so only dumpability tells them apart.
        List<String> withoutCapabilities = ServiceProcess.isRoot()
                ? List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--") : List.of();
        String marker = "service-secret-" + UUID.randomUUID();
        Serve serve = serve(withoutCapabilities, Map.of("GPU_TRAINING_TEST_SECRET", marker));
        List<String> control = new ArrayList<>(withoutCapabilities);
        control.addAll(List.of("sleep", "60"));
        ProcessBuilder controlBuilder = new ProcessBuilder(control);
        controlBuilder.environment().put("GPU_TRAINING_TEST_SECRET", marker);
        Process dumpable = controlBuilder.start();
        processes.add(dumpable);
        Thread.sleep(200);

        Read fromControl = readEnvironment(withoutCapabilities, dumpable.pid());
        Read fromService = readEnvironment(withoutCapabilities, serve.process().pid());

        assertThat(fromControl.output()).as("the reader reads a dumpable process of its user: the attack works")
                .contains(marker);
        assertThat(fromService.exitCode()).as(fromService.output()).isNotZero();
        assertThat(fromService.output()).doesNotContain(marker).contains("Permission denied");
    }

    private record Read(int exitCode, String output) {
    }

    private static Read readEnvironment(final List<String> prefix, final long pid) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("cat", "/proc/" + pid + "/environ"));
        Process reader = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(reader.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Read(reader.exitValue(), output);
    }

    @Test
    void aRootServiceWithoutAJobUserRefusesToStartJobs() throws Exception {
        assumeThat(ServiceProcess.isRoot()).as("only a root service refuses jobs without --job-user").isTrue();
        Path runs = work.resolve("root-runs");
        try (TrainingServer server = TrainingServer.start(ServerConfig.builder(runs).port(0)
                .tokens(ControlAndSecurityTest.TOKENS).build())) {
            Api api = new Api(server);

            assertError(api.post("/api/training", ControlAndSecurityTest.ALICE, "{\"command\": [\"sh\", \"-c\", "
                    + "\"touch " + work.resolve("ran-as-root") + "\"]}"), 503, "--job-user");
        }
        try (Stream<Path> children = Files.list(runs)) {
            assertThat(children.toList()).as("nothing was started").isEmpty();
        }
        assertThat(work.resolve("ran-as-root")).doesNotExist();
    }

    @Test
    void aJobUserMustBeAnUnprivilegedAccountOfARootService() throws Exception {
        Path runs = work.resolve("more-runs");
        if (!ServiceProcess.isRoot()) {
            assertThatThrownBy(() -> TrainingServer.start(ServerConfig.builder(runs).port(0).jobUser("nobody")
                    .build())).hasMessageContaining("--job-user needs serve to run as root");
            return;
        }
        assertThatThrownBy(() -> TrainingServer.start(ServerConfig.builder(runs).port(0).jobUser("root").build()))
                .hasMessageContaining("is root (uid 0)");
        assertThatThrownBy(() -> TrainingServer.start(ServerConfig.builder(runs).port(0)
                .jobUser("no-such-user-" + ProcessHandle.current().pid()).build())).hasMessageContaining("no such user");
        assertThatThrownBy(() -> TrainingServer.start(ServerConfig.builder(runs).port(0).jobUser("-x").build()))
                .hasMessageContaining("is not a user name");
    }
}
