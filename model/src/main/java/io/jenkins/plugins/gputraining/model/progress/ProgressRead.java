package io.jenkins.plugins.gputraining.model.progress;

import java.util.List;

/**
 * What reading progress.json found: the snapshot, and the values in it that were malformed and read as unknown
 * (an {@code exit_code} that is no 32-bit integer, a checkpoint without a name or path), each naming the field.
 *
 * @param snapshot the snapshot, with every malformed value read as unknown
 * @param problems the malformed values, at most {@link #MAX_PROBLEMS}
 * @param problemCount how many there were in all
 */
public record ProgressRead(ProgressSnapshot snapshot, List<RecordProblem> problems, long problemCount) {
    /** Problems beyond this many are counted, not listed. */
    public static final int MAX_PROBLEMS = 100;

    public ProgressRead {
        problems = List.copyOf(problems);
    }
}
