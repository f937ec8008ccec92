package io.jenkins.plugins.gputraining.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.runner.AgentProcess;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalytics;
import io.jenkins.plugins.gputraining.model.analytics.RunAnalyzer;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newcomer's first command, as a real agent process running three real trainings. */
class DemoCommandIT {
    @TempDir
    Path work;

    @Test
    void trainsThreeRunsAndNamesTheWinners() throws Exception {
        // As the README runs it: the jar named relative to the current directory, the trainers run elsewhere.
        AgentProcess agent = AgentProcess.startWithRelativeClassPath(work, "demo", "--runs", "runs", "--steps", "150",
                "--step-delay-ms", "0", "--no-serve");
        agent.waitFor();

        assertThat(agent.exitCode()).as(agent.stderrText()).isZero();
        List<RunDirectory> runs = RunDirectory.list(work.resolve("runs"));
        assertThat(runs).hasSize(3);
        RunAnalyzer analyzer = new RunAnalyzer();
        for (RunDirectory run : runs) {
            RunAnalytics analytics = analyzer.analyze(run);
            assertThat(analytics.status()).isEqualTo("completed");
            assertThat(analytics.losses().finalLoss()).as("the loss really falls")
                    .isLessThan(analytics.losses().initial());
            assertThat(analytics.checkpoints().names()).contains("checkpoint-150");
            assertThat(analytics.performance().averageSamplesPerSecond()).isPositive();
        }

        JsonNode comparison = new ObjectMapper().readTree(agent.stdoutText());
        assertThat(comparison.get("jobs")).hasSize(3);
        assertThat(comparison.at("/winner/best_loss").asText()).endsWith("-lr0.2");
        assertThat(agent.stderrText()).contains("winners: best loss", "Run directories");
    }

    @Test
    void servesTheDashboardOnTheDemoRunsUntilStopped() throws Exception {
        AgentProcess agent = AgentProcess.start(work, "demo", "--runs", "runs", "--steps", "30", "--step-delay-ms",
                "0", "--port", "0");
        String url = null;
        for (int i = 0; i < 1200 && url == null; i++) {
            java.util.regex.Matcher matcher = java.util.regex.Pattern
                    .compile("stays up at (http://127\\.0\\.0\\.1:\\d+/)").matcher(agent.stderrText());
            url = matcher.find() ? matcher.group(1) : null;
            Thread.sleep(100);
        }
        assertThat(url).as(agent.stderrText()).isNotNull();
        assertThat(agent.stderrText()).containsPattern("pause/resume token: [0-9a-f]{32}");

        java.net.http.HttpResponse<String> jobs = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "api/training")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(jobs.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(jobs.body()).get("jobs")).hasSize(3);

        agent.terminate();
        assertThat(agent.waitFor()).isEqualTo(143);
    }
}
