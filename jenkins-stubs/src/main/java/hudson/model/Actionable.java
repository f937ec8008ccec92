// Mirrors hudson.model.Actionable from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

public abstract class Actionable {
    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("stub");
    }

    public void addAction(Action a) {
        throw new UnsupportedOperationException("stub");
    }
}
