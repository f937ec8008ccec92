// Mirrors hudson.model.Run from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.security.AccessControlled;
import java.io.IOException;
import jenkins.model.ArtifactManager;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements ExtensionPoint, AccessControlled {
    // The real constructors take the job; this one is only here to hide the default.
    private Run() {
        stub();
    }

    public @CheckForNull Result getResult() {
        return stub();
    }

    public void setResult(@NonNull Result r) {
        stub();
    }

    public @CheckForNull <T extends Cause> T getCause(Class<T> type) {
        return stub();
    }

    public boolean isBuilding() {
        return stub();
    }

    public @NonNull JobT getParent() {
        return stub();
    }

    public String getFullDisplayName() {
        return stub();
    }

    public String getDisplayName() {
        return stub();
    }

    public int getNumber() {
        return stub();
    }

    public @CheckForNull RunT getPreviousBuild() {
        return stub();
    }

    public @NonNull String getUrl() {
        return stub();
    }

    public final @NonNull ArtifactManager getArtifactManager() {
        return stub();
    }

    public final synchronized @NonNull ArtifactManager pickArtifactManager() throws IOException {
        return stub();
    }

    public synchronized void save() throws IOException {
        stub();
    }

    public @NonNull String getExternalizableId() {
        return stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
