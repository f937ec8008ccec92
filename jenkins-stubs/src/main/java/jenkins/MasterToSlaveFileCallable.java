// Mirrors jenkins.MasterToSlaveFileCallable from org.jenkins-ci.main:jenkins-core 2.479.3
package jenkins;

import hudson.FilePath.FileCallable;
import org.jenkinsci.remoting.RoleChecker;

public abstract class MasterToSlaveFileCallable<T> implements FileCallable<T> {
    @Override
    public void checkRoles(RoleChecker checker) throws SecurityException {
        throw new UnsupportedOperationException("stub");
    }
}
