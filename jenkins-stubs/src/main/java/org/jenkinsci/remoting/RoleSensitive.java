// Mirrors org.jenkinsci.remoting.RoleSensitive from org.jenkins-ci.main:remoting 3261.v9c670a_4748a_9
package org.jenkinsci.remoting;

public interface RoleSensitive {
    void checkRoles(RoleChecker checker) throws SecurityException;
}
