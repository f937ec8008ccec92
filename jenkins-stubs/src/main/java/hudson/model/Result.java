// Mirrors hudson.model.Result from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public final class Result implements Serializable {
    // Not null: SpotBugs reads these initialisers, and would take a null one for the value the plugin gets.
    public static final @NonNull Result SUCCESS = new Result();
    public static final @NonNull Result UNSTABLE = new Result();
    public static final @NonNull Result FAILURE = new Result();
    public static final @NonNull Result NOT_BUILT = new Result();
    public static final @NonNull Result ABORTED = new Result();

    private Result() {
        stub();
    }

    public boolean isWorseThan(@NonNull Result that) {
        return stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
