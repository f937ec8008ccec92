package io.jenkins.plugins.gputraining.model.progress;

/**
 * A record that could not be read, or a value of one that was left out; reported, never thrown, so the rest of the
 * file is kept.
 *
 * @param file the file name within the run directory
 * @param line the 1-based line number; 0 for a file that is one JSON document (progress.json)
 * @param message what is wrong with it
 */
public record RecordProblem(String file, long line, String message) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
