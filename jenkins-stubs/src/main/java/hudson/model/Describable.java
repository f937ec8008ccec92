// Mirrors hudson.model.Describable from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

public interface Describable<T extends Describable<T>> {
    Descriptor<T> getDescriptor();
}
