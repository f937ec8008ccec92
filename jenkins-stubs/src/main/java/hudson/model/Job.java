// Mirrors hudson.model.Job from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import hudson.ExtensionPoint;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem
        implements ExtensionPoint {
    // The real constructor takes an ItemGroup and a name; this one is only here to hide the default.
    Job() {
        stub();
    }

    public RunT getBuildByNumber(int n) {
        return stub();
    }

    public RunT getLastBuild() {
        return stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
