// Mirrors hudson.FilePath from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URL;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

public final class FilePath implements SerializableOnlyOverRemoting {
    public FilePath(@NonNull File localPath) {
        stub();
    }

    public String getRemote() {
        return stub();
    }

    public void copyFrom(URL url) throws IOException, InterruptedException {
        stub();
    }

    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }

    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        return stub();
    }

    public void mkdirs() throws IOException, InterruptedException {
        stub();
    }

    public void deleteRecursive() throws IOException, InterruptedException {
        stub();
    }

    public String getName() {
        return stub();
    }

    @CheckForNull
    public FilePath getParent() {
        return stub();
    }

    public @NonNull FilePath child(String relOrAbsolute) {
        return stub();
    }

    public boolean exists() throws IOException, InterruptedException {
        return stub();
    }

    public long length() throws IOException, InterruptedException {
        return stub();
    }

    @NonNull
    public FilePath[] list(final String includes, final String excludes) throws IOException, InterruptedException {
        return stub();
    }

    public String readToString() throws IOException, InterruptedException {
        return stub();
    }

    public OutputStream write() throws IOException, InterruptedException {
        return stub();
    }

    public void renameTo(final FilePath target) throws IOException, InterruptedException {
        stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
