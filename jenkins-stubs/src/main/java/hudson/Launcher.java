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
        throw new UnsupportedOperationException("stub");
    }

    @NonNull
    public final ProcStarter launch() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isUnix() {
        throw new UnsupportedOperationException("stub");
    }

    public final class ProcStarter {
        public ProcStarter cmds(List<String> args) {
            throw new UnsupportedOperationException("stub");
        }

        public ProcStarter pwd(@CheckForNull FilePath workDir) {
            throw new UnsupportedOperationException("stub");
        }

        public ProcStarter stdout(@CheckForNull OutputStream out) {
            throw new UnsupportedOperationException("stub");
        }

        public ProcStarter stderr(@CheckForNull OutputStream err) {
            throw new UnsupportedOperationException("stub");
        }

        public ProcStarter envs(@NonNull Map<String, String> overrides) {
            throw new UnsupportedOperationException("stub");
        }

        public Proc start() throws IOException {
            throw new UnsupportedOperationException("stub");
        }
    }
}
