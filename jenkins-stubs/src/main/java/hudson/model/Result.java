// Mirrors hudson.model.Result from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public final class Result implements Serializable {
    // Not null: SpotBugs reads these initialisers, and would take a null one for the value the plugin gets. Made
    // without throwing, and named as the real ones, since the plugin's unit tests load this class.
    public static final @NonNull Result SUCCESS = new Result("SUCCESS");
    public static final @NonNull Result UNSTABLE = new Result("UNSTABLE");
    public static final @NonNull Result FAILURE = new Result("FAILURE");
    public static final @NonNull Result NOT_BUILT = new Result("NOT_BUILT");
    public static final @NonNull Result ABORTED = new Result("ABORTED");

    private final String name;

    // The real constructor also takes the ball colour, ordinal and completeness.
    private Result(@NonNull String name) {
        this.name = name;
    }

    public boolean isWorseThan(@NonNull Result that) {
        return stub();
    }

    // As the real one.
    @Override
    public @NonNull String toString() {
        return name;
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
