// Mirrors hudson.model.Job from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import hudson.ExtensionPoint;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem
        implements ExtensionPoint {
    // The real constructor takes an ItemGroup and a name; this one is only here to hide the default.
    Job() {
        throw new UnsupportedOperationException("stub");
    }

    public RunT getBuildByNumber(int n) {
        throw new UnsupportedOperationException("stub");
    }

    public RunT getLastBuild() {
        throw new UnsupportedOperationException("stub");
    }
}
