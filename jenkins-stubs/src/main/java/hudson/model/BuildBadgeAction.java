// Mirrors hudson.model.BuildBadgeAction from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

public interface BuildBadgeAction extends Action {
}
