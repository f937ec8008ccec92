// Mirrors hudson.security.ACL from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.security;

import org.springframework.security.core.Authentication;

public abstract class ACL {
    // Not null and made without throwing, like the stubs' other constants: the plugin's unit tests compare with it.
    public static final Authentication SYSTEM2 = system();

    /** A stand-in for the real SYSTEM authentication, named as the real one is. */
    private static Authentication system() {
        return () -> "SYSTEM";
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
