// Mirrors hudson.model.Item from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

public interface Item extends AccessControlled {
    // Not null: SpotBugs reads these initialisers, and would take a null one for the value the plugin gets.
    Permission READ = stub();
    Permission CANCEL = stub();

    String getFullName();

    String getUrl();

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
