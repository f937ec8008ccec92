// Mirrors hudson.model.Descriptor from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor() {
        throw new UnsupportedOperationException("stub");
    }

    @NonNull
    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }
}
