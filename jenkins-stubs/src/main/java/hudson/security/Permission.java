// Mirrors hudson.security.Permission from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.security;

public final class Permission {
    // The real constructors take a group, a name, …; this one only hides the default, and returns: the permission
    // constants of the stubs are made with it (hudson.model.Item).
    private Permission() {
    }
}
