// Mirrors hudson.model.User from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.AccessControlled;

public class User implements AccessControlled, Comparable<User> {
    private User() {
        stub();
    }

    public String getId() {
        return stub();
    }

    public static @CheckForNull User current() {
        return stub();
    }

    @Override
    public int compareTo(@NonNull User that) {
        return stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
