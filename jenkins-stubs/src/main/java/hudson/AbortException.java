// Mirrors hudson.AbortException from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson;

import java.io.IOException;

public class AbortException extends IOException {
    public AbortException() {
        throw new UnsupportedOperationException("stub");
    }

    public AbortException(String message) {
        throw new UnsupportedOperationException("stub");
    }
}
