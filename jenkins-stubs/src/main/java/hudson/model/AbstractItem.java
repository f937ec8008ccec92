// Mirrors hudson.model.AbstractItem from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import hudson.security.AccessControlled;

public abstract class AbstractItem extends Actionable implements Item, AccessControlled {
    // The real constructor takes an ItemGroup and a name; package-private here so that Job can extend this stub.
    AbstractItem() {
        stub();
    }

    @Override
    public final String getFullName() {
        return stub();
    }

    @Override
    public final String getUrl() {
        return stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
