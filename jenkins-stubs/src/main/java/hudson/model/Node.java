// Mirrors hudson.model.Node from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.ExtensionPoint;
import hudson.FilePath;
import hudson.security.AccessControlled;

public abstract class Node implements ExtensionPoint, AccessControlled {
    public abstract @CheckForNull FilePath getRootPath();
}
