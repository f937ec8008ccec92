// Mirrors org.jenkinsci.remoting.SerializableOnlyOverRemoting from org.jenkins-ci.main:remoting 3261.v9c670a_4748a_9
package org.jenkinsci.remoting;

import java.io.Serializable;

public interface SerializableOnlyOverRemoting extends Serializable {
}
