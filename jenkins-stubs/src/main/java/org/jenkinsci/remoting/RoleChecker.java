// Mirrors org.jenkinsci.remoting.RoleChecker from org.jenkins-ci.main:remoting 3261.v9c670a_4748a_9
package org.jenkinsci.remoting;

public abstract class RoleChecker {
}
