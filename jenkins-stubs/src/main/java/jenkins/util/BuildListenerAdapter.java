// Mirrors jenkins.util.BuildListenerAdapter from org.jenkins-ci.main:jenkins-core 2.479.3
package jenkins.util;

import hudson.model.BuildListener;
import hudson.model.TaskListener;
import java.io.PrintStream;

public final class BuildListenerAdapter implements BuildListener {
    public BuildListenerAdapter(TaskListener delegate) {
        stub();
    }

    @Override
    public PrintStream getLogger() {
        return stub();
    }

    public static BuildListener wrap(TaskListener l) {
        return stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
