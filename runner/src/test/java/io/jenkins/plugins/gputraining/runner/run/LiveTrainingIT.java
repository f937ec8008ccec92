package io.jenkins.plugins.gputraining.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import io.jenkins.plugins.gputraining.model.progress.ReadResult;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.model.progress.RunStatus;
import io.jenkins.plugins.gputraining.runner.AgentProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real training programs run under {@code run} with zero flags, each with a new random seed and size: the formats
 * scikit-learn, xgboost and a tqdm loop print are read, whatever numbers this run happens to print. Each script
 * writes its truth from the framework's own values (src/test/resources/live/README.md).
 */
class LiveTrainingIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final int seed = ThreadLocalRandom.current().nextInt(1_000_000);
    private JsonNode analytics;

    private RunDirectory run(final String id, final String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--out", "runs/" + id, "--"));
        args.addAll(List.of(command));
        AgentProcess agent = AgentProcess.run(work, args.toArray(String[]::new));
        assertThat(agent.exitCode()).as("seed %d: %s", seed, agent.stderrText()).isZero();
        RunDirectory run = RunDirectory.at(work.resolve("runs/" + id));
        assertThat(run.readProgress().status()).isEqualTo(RunStatus.COMPLETED);
        analytics = JSON.readTree(agent.stdoutText());
        return run;
    }

    private static List<MetricRecord> losses(final RunDirectory run) {
        List<MetricRecord> records = new ArrayList<>();
        ReadResult read = run.readMetrics(record -> {
            if (record.loss() != null) {
                records.add(record);
            }
        });
        assertThat(read.hasProblems()).isFalse();
        return records;
    }

    private JsonNode truth() throws Exception {
        return JSON.readTree(work.resolve("truth.json").toFile());
    }

    /** Every truth (step, loss) is a record at that step, with the loss as printed. */
    private void assertCurve(final List<MetricRecord> records, final JsonNode losses, final double tolerance) {
        assertThat(records).as("seed %d", seed).hasSize(losses.size());
        for (int i = 0; i < losses.size(); i++) {
            double truth = losses.get(i).get(1).asDouble();
            assertThat(records.get(i).step()).as("seed %d, record %d", seed, i).isEqualTo(losses.get(i).get(0).asLong());
            assertThat(records.get(i).loss()).as("seed %d, record %d", seed, i)
                    .isCloseTo(truth, within(tolerance * Math.max(1, Math.abs(truth))));
        }
        assertThat(analytics.at("/losses/initial").asDouble()).isCloseTo(records.get(0).loss(), within(1e-5));
        assertThat(analytics.at("/losses/final").asDouble())
                .isCloseTo(records.get(records.size() - 1).loss(), within(1e-5));
    }

    @Test
    void scikitLearnsVerboseIterations() throws Exception {
        assumeThat(LivePython.has("sklearn")).as("/usr/bin/python3 with scikit-learn").isTrue();
        String script = LivePython.script(work, "sklearn_mlp.py");

        RunDirectory run = run("mlp", LivePython.PYTHON.toString(), script, Integer.toString(seed), "truth.json");

        JsonNode truth = truth();
        assertCurve(losses(run), truth.get("losses"), 5e-9);
        assertThat(analytics.at("/performance/steps").asLong()).isEqualTo(truth.get("steps").asLong());
        assertThat(analytics.at("/alerts").findValuesAsText("kind")).doesNotContain("no_progress_parsed");
    }

    @Test
    void xgboostsEvaluationRounds() throws Exception {
        assumeThat(LivePython.has("xgboost, sklearn")).as("/usr/bin/python3 with xgboost").isTrue();
        String script = LivePython.script(work, "xgboost_rounds.py");

        RunDirectory run = run("xgb", LivePython.PYTHON.toString(), script, Integer.toString(seed), "truth.json");

        JsonNode truth = truth();
        List<MetricRecord> records = losses(run);
        assertCurve(records, truth.get("losses"), 5e-6);
        JsonNode eval = truth.get("eval_losses");
        for (int i = 0; i < eval.size(); i++) {
            assertThat(records.get(i).metric("eval-logloss")).isCloseTo(eval.get(i).get(1).asDouble(), within(5e-6));
        }
        assertThat(analytics.at("/performance/steps").asLong()).isEqualTo(truth.get("steps").asLong());
    }

    @Test
    void aTorchLoopsTqdmBarsWithTheBatchSizeFromItsArguments() throws Exception {
        assumeThat(LivePython.has("torch, tqdm")).as("/usr/bin/python3 with torch and tqdm").isTrue();
        String script = LivePython.script(work, "torch_tqdm.py");
        int batch = 8 << ThreadLocalRandom.current().nextInt(3);

        RunDirectory run = run("tqdm", LivePython.PYTHON.toString(), script, Integer.toString(seed), "truth.json",
                "--batch-size", Integer.toString(batch));

        JsonNode truth = truth();
        List<MetricRecord> records = losses(run);
        // tqdm prints 3 significant digits
        assertThat(records).as("seed %d", seed).hasSize(truth.get("losses").size());
        for (int i = 0; i < records.size(); i++) {
            double value = truth.get("losses").get(i).get(1).asDouble();
            assertThat(records.get(i).step()).isEqualTo(truth.get("losses").get(i).get(0).asLong());
            assertThat(records.get(i).loss()).as("seed %d, step %d", seed, i + 1)
                    .isCloseTo(value, within(0.5001 * Math.pow(10, Math.floor(Math.log10(Math.abs(value))) - 2)));
        }
        assertThat(analytics.at("/performance/steps").asLong()).isEqualTo(truth.get("steps").asLong());
        List<MetricRecord> rated = records.stream().filter(r -> r.metric("steps_per_second") != null).toList();
        assertThat(rated).allSatisfy(record -> assertThat(record.samplesPerSecond())
                .isCloseTo(record.metric("steps_per_second") * batch, within(1e-6)));
        if (!rated.isEmpty()) {
            assertThat(analytics.at("/performance/throughput_unit").asText()).isEqualTo("samples/s");
        }
    }
}
