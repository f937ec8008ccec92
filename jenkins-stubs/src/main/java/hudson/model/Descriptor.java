// Mirrors hudson.model.Descriptor from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor() {
        throw new UnsupportedOperationException("stub");
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }
}
