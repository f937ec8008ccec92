// Mirrors org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution from org.jenkins-ci.plugins.workflow:workflow-step-api 704.ve4f0967e98fa_
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class SynchronousNonBlockingStepExecution<T> extends StepExecution {
    protected SynchronousNonBlockingStepExecution(@NonNull StepContext context) {
        super(context);
        throw new UnsupportedOperationException("stub");
    }

    protected abstract T run() throws Exception;

    @Override
    public final boolean start() throws Exception {
        throw new UnsupportedOperationException("stub");
    }
}
