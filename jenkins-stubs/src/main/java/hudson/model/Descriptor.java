// Mirrors hudson.model.Descriptor from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class Descriptor<T extends Describable<T>> {
    // Returns (the real one finds the described class): the plugin's descriptors extend this class, and its unit
    // tests construct them.
    protected Descriptor() {
    }

    @NonNull
    public String getDisplayName() {
        return stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
