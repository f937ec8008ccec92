// Mirrors hudson.model.Result from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import java.io.Serializable;

public final class Result implements Serializable {
    public static final Result SUCCESS = null;
    public static final Result UNSTABLE = null;
    public static final Result FAILURE = null;
    public static final Result NOT_BUILT = null;
    public static final Result ABORTED = null;

    private Result() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isWorseThan(Result that) {
        throw new UnsupportedOperationException("stub");
    }
}
