package io.jenkins.plugins.gputraining.model.progress;

/**
 * A record that could not be read; reported, never thrown, so the rest of the file is kept.
 *
 * @param file the file name within the run directory
 * @param line the 1-based line number
 * @param message what is wrong with it
 */
public record RecordProblem(String file, long line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
