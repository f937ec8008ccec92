// Mirrors hudson.ExtensionPoint from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson;

public interface ExtensionPoint {
}
