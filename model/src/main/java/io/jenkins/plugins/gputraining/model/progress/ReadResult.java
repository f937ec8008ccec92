package io.jenkins.plugins.gputraining.model.progress;

import java.util.List;

/**
 * What reading one {@code .jsonl} file found.
 *
 * @param file the file name within the run directory
 * @param records how many records were read
 * @param problems the malformed records and the values left out, at most
 *         {@link JsonLinesReader#MAX_REPORTED_PROBLEMS}
 * @param problemCount how many malformed records there were in all (skipped lines)
 * @param truncatedTail whether the last line was cut off (a writer still writing, or one that crashed) and skipped
 * @param skippedValues how many values of kept records were left out: well-formed but outside the range the format
 *         documents for their field (a utilisation of 250 %, a negative step)
 * @param endOffset the byte offset just after the last line read whole: where a later read of the grown file goes on
 * @param lines the lines up to {@code endOffset}, to number the lines of a later read
 */
public record ReadResult(String file, long records, List<RecordProblem> problems, long problemCount,
                         boolean truncatedTail, long skippedValues, long endOffset, long lines) {
    public ReadResult {
        problems = List.copyOf(problems);
    }

    /** The result for a file that does not exist. */
    static ReadResult missing(final String file) {
        return new ReadResult(file, 0, List.of(), 0, false, 0, 0, 0);
    }

    /**
     * This read followed by {@code next}, a read of what the file gained since ({@link RunDirectory#readMetricsAfter}
     * and the like): the totals of both, the first problems of both (up to the listed number), and where the later
     * one ended.
     */
    public ReadResult then(final ReadResult next) {
        List<RecordProblem> both = problems;
        if (!next.problems.isEmpty() && problems.size() < JsonLinesReader.MAX_REPORTED_PROBLEMS) {
            both = new java.util.ArrayList<>(problems);
            for (RecordProblem problem : next.problems) {
                if (both.size() < JsonLinesReader.MAX_REPORTED_PROBLEMS) {
                    both.add(problem);
                }
            }
        }
        return new ReadResult(file, records + next.records, both, problemCount + next.problemCount,
                next.truncatedTail, skippedValues + next.skippedValues, next.endOffset, next.lines);
    }

    public boolean hasProblems() {
        return problemCount > 0 || skippedValues > 0;
    }
}
