// Mirrors hudson.Launcher from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

public abstract class Launcher {
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

        public ProcStarter pwd(FilePath workDir) {
            throw new UnsupportedOperationException("stub");
        }

        public ProcStarter stdout(OutputStream out) {
            throw new UnsupportedOperationException("stub");
        }

        public ProcStarter stderr(OutputStream err) {
            throw new UnsupportedOperationException("stub");
        }

        public ProcStarter envs(Map<String, String> overrides) {
            throw new UnsupportedOperationException("stub");
        }

        public Proc start() throws IOException {
            throw new UnsupportedOperationException("stub");
        }
    }
}
