package io.jenkins.plugins.gputraining.model.progress;

import java.util.List;

/**
 * What reading one {@code .jsonl} file found.
 *
 * @param file the file name within the run directory
 * @param records how many records were read
 * @param problems the malformed records, at most {@link JsonLinesReader#MAX_REPORTED_PROBLEMS}
 * @param problemCount how many malformed records there were in all
 * @param truncatedTail whether the last line was cut off (a writer still writing, or one that crashed) and skipped
 */
public record ReadResult(String file, long records, List<RecordProblem> problems, long problemCount,
                         boolean truncatedTail) {
    public ReadResult {
        problems = List.copyOf(problems);
    }

    /** The result for a file that does not exist. */
    static ReadResult missing(final String file) {
        return new ReadResult(file, 0, List.of(), 0, false);
    }

    public boolean hasProblems() {
        return problemCount > 0;
    }
}
