package io.jenkins.plugins.gputraining.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The saved read positions always tell an attaching agent which records the dead one made after its last save: a
 * "crash" here is a step whose work throws before the step's last save, as a {@code kill -9} would stop it.
 */
class ReadPositionsTest {
    @TempDir
    Path state;

    private final AtomicLong records = new AtomicLong();
    private final List<String> failures = new ArrayList<>();

    private ReadPositions positions() {
        ReadPositions positions = ReadPositions.start(state);
        positions.countRecordsWith(records::get);
        return positions;
    }

    private int record(final int count) {
        records.addAndGet(count);
        return count;
    }

    /** A step that makes records and dies before its last save. */
    private static void crashIn(final ReadPositions positions, final String source, final Runnable work) {
        try {
            positions.step(source, () -> {
                work.run();
                throw new IllegalStateException("killed");
            }, failure -> { });
        }
        catch (IllegalStateException e) {
            // the agent died here
        }
    }

    @Test
    void recordsMadeAfterTheLastSaveAreTracedToTheSourceBeingRead() throws Exception {
        ReadPositions positions = positions();
        positions.step(ReadPositions.OUTPUT, () -> {
            positions.outputOffset(120);
            return record(3);
        }, failures::add);
        positions.step(ReadPositions.OUTPUT, () -> {
            positions.outputOffset(180);
            return 0;
        }, failures::add);

        crashIn(positions, ReadPositions.OUTPUT, () -> record(2));

        ReadPositions loaded = ReadPositions.load(state);
        assertThat(loaded.outputOffset()).as("saved when the step that made no records began: it reads again from there")
                .isEqualTo(120);
        assertThat(loaded.unsaved(records.get())).isEqualTo(Map.entry(ReadPositions.OUTPUT, 2L));
        assertThat(failures).containsOnlyNulls();
    }

    @Test
    void aMetricsFileStepInterleavedWithTheOutputIsTracedToTheFile() throws Exception {
        ReadPositions positions = positions();
        Path metrics = state.resolve("trainer-metrics.jsonl");
        positions.step(ReadPositions.OUTPUT, () -> {
            positions.outputOffset(50);
            return record(1);
        }, failures::add);

        crashIn(positions, metrics.toString(), () -> {
            positions.fileRecords(metrics, 4);
            record(4);
        });

        ReadPositions loaded = ReadPositions.load(state);
        assertThat(loaded.fileRecords(metrics)).as("the count saved before the step").isZero();
        assertThat(loaded.unsaved(records.get())).isEqualTo(Map.entry(metrics.toString(), 4L));
        assertThat(loaded.outputOffset()).isEqualTo(50);
    }

    @Test
    void nothingIsSkippedWhenTheLastStepSaved() throws Exception {
        ReadPositions positions = positions();
        positions.step(ReadPositions.OUTPUT, () -> record(5), failures::add);

        assertThat(ReadPositions.load(state).unsaved(records.get())).isNull();
        assertThat(ReadPositions.load(state.resolve("nowhere")).outputOffset()).isZero();
    }

    @Test
    void positionsThatAreNeverSavedWriteNothing() {
        ReadPositions echo = ReadPositions.neverSaved(77);

        echo.step(ReadPositions.OUTPUT, () -> 1, failures::add);

        assertThat(echo.outputOffset()).isEqualTo(77);
        assertThat(Files.exists(state.resolve(ReadPositions.FILE))).isFalse();
    }
}
