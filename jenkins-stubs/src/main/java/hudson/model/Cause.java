// Mirrors hudson.model.Cause from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

public abstract class Cause {
    public static class UserIdCause extends Cause {
        public UserIdCause() {
            stub();
        }

        @CheckForNull
        public String getUserId() {
            return stub();
        }
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
