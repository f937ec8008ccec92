// Mirrors hudson.model.Computer from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import hudson.security.AccessControlled;

public abstract class Computer extends Actionable implements AccessControlled {
    public Node getNode() {
        throw new UnsupportedOperationException("stub");
    }
}
