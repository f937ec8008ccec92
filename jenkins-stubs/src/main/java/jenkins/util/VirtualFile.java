// Mirrors jenkins.util.VirtualFile from org.jenkins-ci.main:jenkins-core 2.479.3
package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;

public abstract class VirtualFile implements Comparable<VirtualFile>, Serializable {
    public abstract @NonNull URI toURI();

    public abstract boolean isFile() throws IOException;

    public abstract @NonNull VirtualFile child(@NonNull String name);

    public abstract InputStream open() throws IOException;
}
