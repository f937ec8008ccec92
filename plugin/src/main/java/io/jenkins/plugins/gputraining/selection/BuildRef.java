package io.jenkins.plugins.gputraining.selection;

/**
 * A build as build selection sees it.
 *
 * @param number the build number
 * @param result its result ({@code SUCCESS}, {@code UNSTABLE}, {@code FAILURE}, {@code ABORTED},
 *         {@code NOT_BUILT}), or {@code null} while it runs
 * @param hasTraining whether it recorded a finished training run
 */
public record BuildRef(int number, String result, boolean hasTraining) {
    public boolean building() {
        return result == null;
    }

    /** Jenkins' "successful": SUCCESS or UNSTABLE (what {@code lastSuccessfulBuild} means). */
    public boolean successful() {
        return "SUCCESS".equals(result) || "UNSTABLE".equals(result);
    }

    /** Jenkins' "stable": SUCCESS. */
    public boolean stable() {
        return "SUCCESS".equals(result);
    }
}
