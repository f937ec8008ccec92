// Mirrors hudson.Proc from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson;

import java.io.IOException;

public abstract class Proc {
    protected Proc() {
        stub();
    }

    public abstract boolean isAlive() throws IOException, InterruptedException;

    public abstract void kill() throws IOException, InterruptedException;

    public abstract int join() throws IOException, InterruptedException;

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
