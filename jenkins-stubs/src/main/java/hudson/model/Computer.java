// Mirrors hudson.model.Computer from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.security.AccessControlled;

public abstract class Computer extends Actionable implements AccessControlled {
    // The real constructor takes a Node; this one is only here to hide the default.
    private Computer() {
        stub();
    }

    @CheckForNull
    public Node getNode() {
        return stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
