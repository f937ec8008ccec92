// Mirrors hudson.EnvVars from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson;

import java.util.TreeMap;

public class EnvVars extends TreeMap<String, String> {
    public EnvVars() {
        throw new UnsupportedOperationException("stub");
    }
}
