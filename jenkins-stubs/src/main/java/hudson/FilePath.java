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
        throw new UnsupportedOperationException("stub");
    }

    public String getRemote() {
        throw new UnsupportedOperationException("stub");
    }

    public void copyFrom(URL url) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }

    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public void mkdirs() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public void deleteRecursive() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public String getName() {
        throw new UnsupportedOperationException("stub");
    }

    @CheckForNull
    public FilePath getParent() {
        throw new UnsupportedOperationException("stub");
    }

    public @NonNull FilePath child(String relOrAbsolute) {
        throw new UnsupportedOperationException("stub");
    }

    public boolean exists() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public long length() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    @NonNull
    public FilePath[] list(final String includes, final String excludes) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public String readToString() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public OutputStream write() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public void renameTo(final FilePath target) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }
}
