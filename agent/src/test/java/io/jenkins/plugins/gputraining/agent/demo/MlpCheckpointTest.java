package io.jenkins.plugins.gputraining.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlpCheckpointTest {
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private static MlpCheckpoint.ModelState state(final long step) {
        int count = Mlp.parameterCount(2, 4, 3);
        double[] parameters = new double[count];
        double[] velocity = new double[count];
        for (int i = 0; i < count; i++) {
            parameters[i] = i * 0.25 - 1;
            velocity[i] = -i * 1e-3;
        }
        return new MlpCheckpoint.ModelState(step, step * 32, 7, 4096, 2, 4, 3, parameters, velocity);
    }

    private static byte[] trainerState(final long step) {
        return ("{\"global_step\": " + step + ", \"best_metric\": 0.5, \"log_history\": []}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void savesAtomicallyAndReadsBackEverything() throws Exception {
        Path saved = MlpCheckpoint.save(dir, state(100), trainerState(100));

        assertThat(saved).isEqualTo(dir.resolve("checkpoint-100"));
        assertThat(dir.resolve("checkpoint-100.tmp")).doesNotExist();
        assertThat(saved.resolve("model.bin")).isRegularFile();
        MlpCheckpoint.Loaded loaded = MlpCheckpoint.load(saved, json);
        MlpCheckpoint.ModelState model = loaded.model();
        assertThat(model.step()).isEqualTo(100);
        assertThat(model.samples()).isEqualTo(3200);
        assertThat(model.seed()).isEqualTo(7);
        assertThat(model.datasetSize()).isEqualTo(4096);
        assertThat(model.hidden()).isEqualTo(4);
        assertThat(model.parameters()).isEqualTo(state(100).parameters());
        assertThat(model.velocity()).isEqualTo(state(100).velocity());
        assertThat(loaded.trainerState()).hasValueSatisfying(s -> assertThat(s.get("global_step").asLong()).isEqualTo(100));
    }

    @Test
    void replacesAnOlderCheckpointOfTheSameStepAndAStaleTmp() throws Exception {
        Files.createDirectories(dir.resolve("checkpoint-5.tmp"));
        Files.writeString(dir.resolve("checkpoint-5.tmp/junk"), "half written");
        Files.createDirectories(dir.resolve("checkpoint-5"));
        Files.writeString(dir.resolve("checkpoint-5/old-file"), "from an earlier run");

        MlpCheckpoint.save(dir, state(5), trainerState(5));

        assertThat(dir.resolve("checkpoint-5.tmp")).doesNotExist();
        assertThat(dir.resolve("checkpoint-5/old-file")).doesNotExist();
        assertThat(MlpCheckpoint.load(dir.resolve("checkpoint-5"), json).model().step()).isEqualTo(5);
    }

    @Test
    void resolvesACheckpointItsModelFileOrTheNewestInAnOutputDirectory() throws Exception {
        MlpCheckpoint.save(dir, state(9), trainerState(9));
        MlpCheckpoint.save(dir, state(100), trainerState(100));
        MlpCheckpoint.save(dir, state(20), trainerState(20));
        Files.createDirectories(dir.resolve("checkpoint-500.tmp")); // never complete: ignored

        assertThat(MlpCheckpoint.resolve(dir)).isEqualTo(dir.resolve("checkpoint-100"));
        assertThat(MlpCheckpoint.resolve(dir.resolve("checkpoint-9"))).isEqualTo(dir.resolve("checkpoint-9"));
        assertThat(MlpCheckpoint.resolve(dir.resolve("checkpoint-20/model.bin"))).isEqualTo(dir.resolve("checkpoint-20"));
    }

    @Test
    void namesThePathAndTheReasonOfWhatCannotBeResumed() throws Exception {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> MlpCheckpoint.resolve(missing)).isInstanceOf(MlpCheckpointException.class)
                .hasMessage("cannot resume from checkpoint " + missing + ": no such file or directory");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> MlpCheckpoint.resolve(empty)).hasMessageContaining(empty.toString())
                .hasMessageContaining("not a checkpoint directory");

        Path saved = MlpCheckpoint.save(dir, state(3), trainerState(3));
        byte[] bytes = Files.readAllBytes(saved.resolve("model.bin"));

        Files.write(saved.resolve("model.bin"), Arrays.copyOf(bytes, bytes.length - 20));
        assertThatThrownBy(() -> MlpCheckpoint.load(saved, json)).hasMessageContaining(saved.toString())
                .hasMessageContaining("corrupt or truncated");

        byte[] flipped = bytes.clone();
        flipped[60] ^= 1;
        Files.write(saved.resolve("model.bin"), flipped);
        assertThatThrownBy(() -> MlpCheckpoint.load(saved, json)).hasMessageContaining("checksum mismatch");

        Files.writeString(saved.resolve("model.bin"), "{\"not\": \"a checkpoint\"}");
        assertThatThrownBy(() -> MlpCheckpoint.load(saved, json)).hasMessageContaining("bad magic");

        Files.delete(saved.resolve("model.bin"));
        assertThatThrownBy(() -> MlpCheckpoint.load(saved, json)).hasMessageContaining("model.bin is missing");
    }

    @Test
    void aBrokenTrainerStateDoesNotBlockResuming() throws Exception {
        Path saved = MlpCheckpoint.save(dir, state(8), "{\"global_step\": 8, \"log_hist".getBytes(StandardCharsets.UTF_8));
        MlpCheckpoint.Loaded loaded = MlpCheckpoint.load(saved, json);
        assertThat(loaded.model().step()).isEqualTo(8);
        assertThat(loaded.trainerState()).isEmpty();
    }
}
