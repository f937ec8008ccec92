package io.jenkins.plugins.gputraining.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.runner.AgentProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PyTorch training (CPU) under {@code run} with zero flags for its progress: its printed steps and losses are
 * recorded, its {@code .pt} checkpoints tracked, a pause in checkpoint mode makes it save one and exit (SIGUSR1),
 * and the resume relaunches it from that checkpoint with the loss going on where it stopped.
 */
class TorchPauseResumeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private static List<MetricRecord> metrics(final RunDirectory run) {
        List<MetricRecord> records = new ArrayList<>();
        run.readMetrics(records::add);
        return records;
    }

    @Test
    void checkpointsOnPauseAndResumesFromIt() throws Exception {
        assumeThat(LivePython.has("torch")).as("/usr/bin/python3 with torch").isTrue();
        String script = LivePython.script(work, "torch_resumable.py");
        AgentProcess agent = AgentProcess.start(work, "run", "--out", "runs/torch", "--pause-mode", "checkpoint",
                "--resume-template", "--resume {checkpoint}", "--", LivePython.PYTHON.toString(), script,
                "truth.json");
        RunDirectory run = RunDirectory.at(work.resolve("runs/torch"));
        for (int i = 0; i < 600 && metrics(run).size() < 40; i++) {
            Thread.sleep(100);
        }

        AgentProcess pause = AgentProcess.run(work, "pause", "runs/torch", "--mode", "checkpoint", "--timeout", "60");
        assertThat(pause.exitCode()).as("%s%nagent: %s%nevents: %s", pause.stderrText(), agent.stderrText(),
                run.events()).isZero();
        assertThat(run.readProgress().status()).isEqualTo(RunStatus.PAUSED);
        List<Checkpoint> checkpoints = run.readProgress().checkpoints();
        assertThat(checkpoints).singleElement().satisfies(checkpoint ->
                assertThat(checkpoint.path()).startsWith("checkpoints/step-").endsWith(".pt"));
        long pausedAt = metrics(run).stream().mapToLong(MetricRecord::step).max().orElseThrow();
        assertThat(checkpoints.get(0).path()).isEqualTo("checkpoints/step-" + pausedAt + ".pt");

        AgentProcess resume = AgentProcess.run(work, "resume", "runs/torch");
        assertThat(resume.exitCode()).as(resume.stderrText()).isZero();
        assertThat(agent.waitFor()).as(agent.stderrText()).isZero();

        assertThat(run.readProgress().status()).isEqualTo(RunStatus.COMPLETED);
        List<MetricRecord> records = metrics(run);
        assertThat(records).extracting(MetricRecord::step).as("every step once, across the pause")
                .containsExactlyElementsOf(Stream.iterate(1L, s -> s + 1).limit(pausedAt + 100).toList());
        List<double[]> truth = new ArrayList<>();
        for (String launch : new String[] {"truth.json.0", "truth.json." + pausedAt}) {
            for (JsonNode row : JSON.readTree(Files.readString(work.resolve(launch))).get("launch_losses")) {
                truth.add(new double[] {row.get(0).asDouble(), row.get(1).asDouble()});
            }
        }
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).loss()).as("step %d", i + 1).isCloseTo(truth.get(i)[1], within(5e-6));
        }
        double initial = records.get(0).loss();
        double beforePause = records.get((int) pausedAt - 1).loss();
        double afterResume = records.get((int) pausedAt).loss();
        assertThat(afterResume).as("the resumed model is the checkpointed one, not a fresh start")
                .isLessThan(initial / 2).isCloseTo(beforePause, within(initial / 2));
        JsonNode analytics = JSON.readTree(agent.stdoutText());
        assertThat(analytics.at("/performance/steps").asLong()).isEqualTo(pausedAt + 100);
        assertThat(analytics.at("/checkpoints/count").asInt()).isEqualTo(1);
        assertThat(analytics.at("/duration/paused_seconds").asDouble()).isPositive();
    }
}
