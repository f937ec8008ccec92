// Mirrors jenkins.util.BuildListenerAdapter from org.jenkins-ci.main:jenkins-core 2.479.3
package jenkins.util;

import hudson.model.BuildListener;
import hudson.model.TaskListener;
import java.io.PrintStream;

public final class BuildListenerAdapter implements BuildListener {
    public BuildListenerAdapter(TaskListener delegate) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public PrintStream getLogger() {
        throw new UnsupportedOperationException("stub");
    }

    public static BuildListener wrap(TaskListener l) {
        throw new UnsupportedOperationException("stub");
    }
}
