package io.jenkins.plugins.gputraining.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import io.jenkins.plugins.gputraining.runner.AgentProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training whose output the agent cannot read says so: on the console, in events.jsonl and in the analytics. */
class NoProgressWarningIT {
    @TempDir
    Path work;

    @Test
    void aRunWithUnreadableOutputEndsWithTheWarningAndTheAlert() throws Exception {
        Path script = work.resolve("train.sh");
        Files.writeString(script, """
                #!/bin/sh
                for i in 1 2 3 4 5; do echo "working hard on batch number $i of the dataset"; done
                echo "all done"
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        AgentProcess agent = AgentProcess.run(work, "run", "--out", "runs/silent", "--", "./train.sh");

        assertThat(agent.exitCode()).as(agent.stderrText()).isZero();
        assertThat(agent.stderrText()).contains("WARNING: no progress found in 6 lines of output", "--format",
                "GPU_TRAINING_METRICS_FILE");
        RunDirectory run = RunDirectory.at(work.resolve("runs/silent"));
        assertThat(run.events()).filteredOn(event -> event.event().equals(LifecycleEvent.NO_PROGRESS))
                .singleElement().satisfies(event -> assertThat(event.number("lines")).isEqualTo(6.0));
        JsonNode analytics = new ObjectMapper().readTree(agent.stdoutText());
        assertThat(analytics.at("/status").asText()).isEqualTo("completed");
        assertThat(analytics.at("/alerts/0/kind").asText()).isEqualTo("no_progress_parsed");
        assertThat(analytics.at("/data_quality/problems/0").asText()).contains("no progress found in 6 lines");
    }
}
