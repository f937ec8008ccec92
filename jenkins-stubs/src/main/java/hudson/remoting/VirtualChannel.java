// Mirrors hudson.remoting.VirtualChannel from org.jenkins-ci.main:remoting 3261.v9c670a_4748a_9
package hudson.remoting;

public interface VirtualChannel {
}
