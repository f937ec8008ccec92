// Mirrors hudson.security.Permission from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.security;

public final class Permission {
    private Permission() {
        stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
