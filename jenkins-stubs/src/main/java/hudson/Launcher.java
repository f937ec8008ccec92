// Mirrors hudson.Launcher from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

public abstract class Launcher {
    // The real constructors take a TaskListener and a VirtualChannel; this one is only here to hide the default.
    private Launcher() {
        stub();
    }

    @NonNull
    public final ProcStarter launch() {
        return stub();
    }

    public boolean isUnix() {
        return stub();
    }

    public final class ProcStarter {
        public ProcStarter cmds(List<String> args) {
            return stub();
        }

        public ProcStarter pwd(@CheckForNull FilePath workDir) {
            return stub();
        }

        public ProcStarter stdout(@CheckForNull OutputStream out) {
            return stub();
        }

        public ProcStarter stderr(@CheckForNull OutputStream err) {
            return stub();
        }

        public ProcStarter envs(@NonNull Map<String, String> overrides) {
            return stub();
        }

        public Proc start() throws IOException {
            return stub();
        }
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
