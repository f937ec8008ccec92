// Mirrors hudson.model.BuildListener from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

public interface BuildListener extends TaskListener {
}
