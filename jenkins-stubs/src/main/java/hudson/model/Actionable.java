// Mirrors hudson.model.Actionable from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class Actionable {
    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("stub");
    }

    public void addAction(@NonNull Action a) {
        throw new UnsupportedOperationException("stub");
    }
}
