// Mirrors org.jenkinsci.plugins.workflow.steps.StepExecution from org.jenkins-ci.plugins.workflow:workflow-step-api 704.ve4f0967e98fa_
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public abstract class StepExecution implements Serializable {
    protected StepExecution(@NonNull StepContext context) {
        stub();
    }

    public @NonNull StepContext getContext() {
        return stub();
    }

    public abstract boolean start() throws Exception;

    public void stop(@NonNull Throwable cause) throws Exception {
        stub();
    }

    public void onResume() {
        stub();
    }

    public @CheckForNull String getStatus() {
        return stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
