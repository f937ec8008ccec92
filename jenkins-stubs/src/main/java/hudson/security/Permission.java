// Mirrors hudson.security.Permission from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.security;

public final class Permission {
    private Permission() {
        throw new UnsupportedOperationException("stub");
    }
}
