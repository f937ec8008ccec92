// Mirrors hudson.security.AccessControlled from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import org.springframework.security.access.AccessDeniedException;

public interface AccessControlled {
    default void checkPermission(@NonNull Permission permission) throws AccessDeniedException {
        throw new UnsupportedOperationException("stub");
    }

    default boolean hasPermission(@NonNull Permission permission) {
        throw new UnsupportedOperationException("stub");
    }
}
