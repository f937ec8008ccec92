// Mirrors hudson.model.User from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.security.AccessControlled;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

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

    public static @Nullable User getById(String id, boolean create) {
        return stub();
    }

    public @NonNull Authentication impersonate2() throws UsernameNotFoundException {
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
