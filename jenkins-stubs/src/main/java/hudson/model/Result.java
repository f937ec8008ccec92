// Mirrors hudson.model.Result from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public final class Result implements Serializable {
    public static final @NonNull Result SUCCESS = null;
    public static final @NonNull Result UNSTABLE = null;
    public static final @NonNull Result FAILURE = null;
    public static final @NonNull Result NOT_BUILT = null;
    public static final @NonNull Result ABORTED = null;

    private Result() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isWorseThan(@NonNull Result that) {
        throw new UnsupportedOperationException("stub");
    }
}
