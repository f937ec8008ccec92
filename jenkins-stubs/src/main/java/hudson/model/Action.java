// Mirrors hudson.model.Action from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

public interface Action extends ModelObject {
    String getIconFileName();

    @Override
    String getDisplayName();

    String getUrlName();
}
