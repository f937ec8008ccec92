// Mirrors hudson.security.AccessControlled from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

public interface AccessControlled {
    default void checkPermission(@NonNull Permission permission) throws AccessDeniedException {
        stub();
    }

    default boolean hasPermission(@NonNull Permission permission) {
        return stub();
    }

    default boolean hasPermission2(@NonNull Authentication a, @NonNull Permission permission) {
        return stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
