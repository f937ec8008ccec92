// Mirrors org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution from org.jenkins-ci.plugins.workflow:workflow-step-api 704.ve4f0967e98fa_
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class SynchronousNonBlockingStepExecution<T> extends StepExecution {
    // The real constructor: the plugin's executions extend this class, and its unit tests construct them.
    protected SynchronousNonBlockingStepExecution(@NonNull StepContext context) {
        super(context);
    }

    protected abstract T run() throws Exception;

    @Override
    public final boolean start() throws Exception {
        return stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
