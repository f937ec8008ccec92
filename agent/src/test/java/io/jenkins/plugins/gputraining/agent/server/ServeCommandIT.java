package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} as a real process: it prints its URL, answers, and stops cleanly on a signal. */
class ServeCommandIT {
    private static final Pattern URL = Pattern.compile("Serving (.+) at (http://127\\.0\\.0\\.1:(\\d+)/)");

    @TempDir
    Path work;

    private static Process serve(final Path directory, final String... args) throws Exception {
        return serveWithEnvironmentTokens(directory, null, args);
    }

    private static Process serveWithEnvironmentTokens(final Path directory, final String environmentTokens,
                                                      final String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "io.jenkins.plugins.gputraining.agent.cli.AgentCommand",
                "serve"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove(ApiTokens.ENVIRONMENT_VARIABLE);
        if (environmentTokens != null) {
            builder.environment().put(ApiTokens.ENVIRONMENT_VARIABLE, environmentTokens);
        }
        return builder.start();
    }

    @Test
    void servesARunsDirectoryItCreatesAndStopsOnSigterm() throws Exception {
        RunFixture.run(work.resolve("existing"), "a").gpus(0)
                .workingDirectory(work.resolve("existing").resolve("a").toString())
                .curve(10, 1.0, 2.0, 0.8, 100).exited().endedAt(11).output("training a\nstep 1 loss 2.0\n").write();
        Process serve = serve(work, "--runs", "new-runs", "--port", "0");
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(serve.getErrorStream(),
                    StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            Matcher matcher = null;
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                seen.append(line).append('\n');
                Matcher candidate = URL.matcher(line);
                if (candidate.find()) {
                    matcher = candidate;
                    break;
                }
            }
            assertThat(matcher).as("the URL line on stderr; got:\n%s", seen).isNotNull();
            assertThat(Path.of(matcher.group(1))).isEqualTo(work.resolve("new-runs").toRealPath());
            int port = Integer.parseInt(matcher.group(3));
            assertThat(port).isPositive();
            String next = err.readLine();
            assertThat(next).contains("No API tokens", "--token-file");

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(matcher.group(2) + "api/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"");

            serve.destroy();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
                throw new AssertionError("port " + port + " still open after the stop");
            }
            catch (java.io.IOException expected) {
                // Closed, as it should be.
            }
        }
        finally {
            serve.destroyForcibly();
        }
    }

    @Test
    void refusesABadTokenFileWithoutEchoingIt() throws Exception {
        Path tokens = Files.writeString(work.resolve("tokens"), "alice:tooshort\n");
        Process serve = serve(work, "--runs", "runs", "--port", "0", "--token-file", tokens.toString());

        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = new String(serve.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(serve.exitValue()).as(err).isEqualTo(2);
        assertThat(err).contains("line 1", "shorter than 16").doesNotContain("tooshort");
    }

    @Test
    void refusesTokensFromTheEnvironmentWithoutEchoingThem() throws Exception {
        // Tokens in the environment could be read back from /proc/<pid>/environ, and children inherit them.
        String token = "ci-admin-token-0123456789";
        Process serve = serveWithEnvironmentTokens(work, "ci:" + token + ":admin", "--runs", "runs", "--port", "0");

        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = new String(serve.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(serve.exitValue()).as(err).isEqualTo(2);
        assertThat(err).contains(ApiTokens.ENVIRONMENT_VARIABLE + " is set", "--token-file", "chmod 600")
                .doesNotContain(token);
    }
}
