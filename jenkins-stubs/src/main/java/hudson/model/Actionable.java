// Mirrors hudson.model.Actionable from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class Actionable {
    public <T extends Action> T getAction(Class<T> type) {
        return stub();
    }

    public void addAction(@NonNull Action a) {
        stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
