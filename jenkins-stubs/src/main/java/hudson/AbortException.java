// Mirrors hudson.AbortException from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson;

import java.io.IOException;

public class AbortException extends IOException {
    public AbortException() {
        stub();
    }

    public AbortException(String message) {
        stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
