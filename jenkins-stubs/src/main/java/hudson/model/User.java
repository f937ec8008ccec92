// Mirrors hudson.model.User from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.AccessControlled;

public class User implements AccessControlled, Comparable<User> {
    private User() {
        throw new UnsupportedOperationException("stub");
    }

    public String getId() {
        throw new UnsupportedOperationException("stub");
    }

    public static @CheckForNull User current() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public int compareTo(@NonNull User that) {
        throw new UnsupportedOperationException("stub");
    }
}
