// Mirrors jenkins.util.BuildListenerAdapter from org.jenkins-ci.main:jenkins-core 2.479.3
package jenkins.util;

import hudson.model.BuildListener;
import hudson.model.TaskListener;
import java.io.PrintStream;

// The real bodies (an adapter and nothing else): the plugin wraps its listener with it on the thread that archives a
// run, where its unit tests cannot mock a static method (Mockito's static mocks hold on the thread that made them).
public final class BuildListenerAdapter implements BuildListener {
    private final TaskListener delegate;

    public BuildListenerAdapter(TaskListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public PrintStream getLogger() {
        return delegate.getLogger();
    }

    public static BuildListener wrap(TaskListener l) {
        if (l instanceof BuildListener) {
            return (BuildListener) l;
        } else {
            return new BuildListenerAdapter(l);
        }
    }
}
