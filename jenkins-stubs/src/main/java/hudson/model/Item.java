// Mirrors hudson.model.Item from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

public interface Item extends AccessControlled {
    Permission READ = null;
    Permission CANCEL = null;

    String getFullName();

    String getUrl();
}
