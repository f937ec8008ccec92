// Mirrors hudson.AbortException from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson;

import java.io.IOException;

public class AbortException extends IOException {
    // The constructors do what the real ones do: the plugin throws this exception, and its unit tests run that.
    public AbortException() {
    }

    public AbortException(String message) {
        super(message);
    }
}
